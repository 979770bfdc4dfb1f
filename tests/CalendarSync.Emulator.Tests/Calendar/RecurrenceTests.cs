using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CalendarSync.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Emulator.Tests.Calendar;

public sealed class RecurrenceTests(EmulatorFixture emulator)
{
    private static readonly string[] FourDays = ["RRULE:FREQ=DAILY;COUNT=4"];
    private static readonly string[] ThreeWeeks = ["RRULE:FREQ=WEEKLY;COUNT=3"];

    // Daily at 09:00 Berlin from Friday 27 March 2026, across the switch to summer time on the 29th.
    private static object DailySeries(string id, params string[] extraLines) => CalendarCaller.Timed(
        id, "2026-03-27T09:00:00", "2026-03-27T10:00:00", "Standup", new { recurrence = FourDays.Concat(extraLines).ToArray() });

    [Fact]
    public async Task List_SingleEvents_ExpandsInstancesAcrossDst()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(DailySeries("series001"));

        var answer = await caller.ListAsync("singleEvents=true&orderBy=startTime");

        Assert.Equal(
            ["series001_20260327T080000Z", "series001_20260328T080000Z", "series001_20260329T070000Z", "series001_20260330T070000Z"],
            answer.ItemIds);
        var sunday = answer.Items[2]!;
        Assert.Equal("2026-03-29T09:00:00+02:00", sunday["start"]!["dateTime"]!.GetValue<string>());
        Assert.Equal("2026-03-29T10:00:00+02:00", sunday["end"]!["dateTime"]!.GetValue<string>());
        Assert.Equal("series001", sunday["recurringEventId"]!.GetValue<string>());
        Assert.Equal("2026-03-29T09:00:00+02:00", sunday["originalStartTime"]!["dateTime"]!.GetValue<string>());
        Assert.Null(sunday["recurrence"]);
    }

    [Fact]
    public async Task List_WithoutSingleEvents_ReturnsSeriesOnce()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(DailySeries("series002"));

        var answer = await caller.ListAsync();

        Assert.Equal(["series002"], answer.ItemIds);
        Assert.Equal("RRULE:FREQ=DAILY;COUNT=4", answer.Items[0]!["recurrence"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task List_Exdate_SkipsThatInstance()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(DailySeries("series003", "EXDATE;TZID=Europe/Berlin:20260328T090000"));

        var answer = await caller.ListAsync("singleEvents=true");

        Assert.DoesNotContain("series003_20260328T080000Z", answer.ItemIds);
        Assert.Equal(3, answer.Items.Count);
    }

    [Fact]
    public async Task List_TimeWindow_ReturnsInstancesInsideOnly()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(DailySeries("series004"));

        var answer = await caller.ListAsync("singleEvents=true&timeMin=2026-03-28T12:00:00Z&timeMax=2026-03-30T00:00:00Z");

        Assert.Equal(["series004_20260329T070000Z"], answer.ItemIds);
    }

    [Fact]
    public async Task DeleteInstance_CancelsOnlyThatInstance()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(DailySeries("series005"));

        var deleted = await caller.DeleteAsync("series005_20260328T080000Z");
        var expanded = await caller.ListAsync("singleEvents=true");
        var collapsed = await caller.ListAsync();

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(3, expanded.Items.Count);
        Assert.DoesNotContain("series005_20260328T080000Z", expanded.ItemIds);

        // Google lists a cancelled instance beside its series when neither showDeleted nor singleEvents is set.
        var cancelled = collapsed.Items.Single(e => e!["id"]!.GetValue<string>() == "series005_20260328T080000Z")!;
        Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
        Assert.Equal("series005", cancelled["recurringEventId"]!.GetValue<string>());
    }

    [Fact]
    public async Task PatchInstance_ChangesThatInstanceOnly()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(DailySeries("series006"));

        var moved = await caller.PatchAsync("series006_20260329T070000Z", new
        {
            summary = "Late standup",
            start = new { dateTime = "2026-03-29T11:00:00", timeZone = "Europe/Berlin" },
            end = new { dateTime = "2026-03-29T12:00:00", timeZone = "Europe/Berlin" },
        });
        var answer = await caller.ListAsync("singleEvents=true&orderBy=startTime");

        Assert.Equal(HttpStatusCode.OK, moved.Status);
        Assert.Equal(4, answer.Items.Count);
        var exception = answer.Items.Single(e => e!["id"]!.GetValue<string>() == "series006_20260329T070000Z")!;
        Assert.Equal("Late standup", exception["summary"]!.GetValue<string>());
        Assert.Equal("2026-03-29T11:00:00+02:00", exception["start"]!["dateTime"]!.GetValue<string>());
        Assert.Equal("2026-03-29T09:00:00+02:00", exception["originalStartTime"]!["dateTime"]!.GetValue<string>());
        Assert.Equal(3, answer.Items.Count(e => e!["summary"]!.GetValue<string>() == "Standup"));
    }

    [Fact]
    public async Task Instances_ReturnsTheSeriesInstances()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(DailySeries("series007"));
        await caller.InsertAsync(CalendarCaller.Timed("single007", "2026-03-27T12:00:00", "2026-03-27T13:00:00"));

        var answer = await caller.GetAsync($"{CalendarCaller.Events}/series007/instances?maxResults=3");

        Assert.Equal(3, answer.Items.Count);
        Assert.All(answer.ItemIds, id => Assert.StartsWith("series007_", id, StringComparison.Ordinal));
        Assert.NotNull(answer.Body!["nextPageToken"]);
    }

    [Fact]
    public async Task Insert_AllDayWeekly_ExpandsToDates()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(new
        {
            id = "each00001",
            start = new { date = "2026-06-01" },
            end = new { date = "2026-06-02" },
            recurrence = ThreeWeeks,
        });

        var answer = await caller.ListAsync("singleEvents=true");

        Assert.Equal(["each00001_20260601", "each00001_20260608", "each00001_20260615"], answer.ItemIds);
        Assert.Equal("2026-06-09", answer.Items[1]!["end"]!["date"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("EVERY:DAY")]
    [InlineData("RRULE:FREQ=SOMETIMES")]
    [InlineData("RRULE:FREQ=DAILY;INTERVAL=0")]
    [InlineData("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")]
    public async Task Insert_InvalidRecurrence_Returns400(string rule)
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.InsertAsync(CalendarCaller.Timed(null, "2026-03-27T09:00:00", "2026-03-27T10:00:00", extra: new { recurrence = new[] { rule } }));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Fact]
    public async Task DeleteSeries_SyncReportsSeriesAndItsExceptionsCancelled()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(DailySeries("series008"));
        await caller.PatchAsync("series008_20260328T080000Z", new { summary = "Moved" });
        var full = await caller.ListAsync();

        await caller.DeleteAsync("series008");
        var changes = await caller.ListAsync($"syncToken={full.Text("nextSyncToken")}");

        Assert.Equal(["series008", "series008_20260328T080000Z"], changes.ItemIds.Order(StringComparer.Ordinal));
        Assert.All(changes.Items, e => Assert.Equal("cancelled", e!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task List_DeletedSeries_NamesCancelledInstancesOnlyWithinTheSpanAheadOfNow()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-26T12:00:00Z", CultureInfo.InvariantCulture));
        await using var host = await EmulatorHost.StartAsync(o => o.DeletedSeriesSpan = TimeSpan.FromDays(2), clock, cancellationToken: Cancel);
        using var caller = await CalendarCaller.ForNewUserAsync(host.BaseUri);
        await caller.InsertAsync(DailySeries("series101"));
        var token = (await caller.ListAsync("singleEvents=true")).Text("nextSyncToken");

        await caller.DeleteAsync("series101");
        var single = await caller.ListAsync($"singleEvents=true&syncToken={Uri.EscapeDataString(token)}");
        var whole = await caller.ListAsync($"syncToken={Uri.EscapeDataString(token)}");

        Assert.Equal(["series101_20260327T080000Z", "series101_20260328T080000Z"], single.ItemIds);
        Assert.All(single.Items, item => Assert.Equal(("cancelled", "series101"), (item!["status"]!.GetValue<string>(), item["recurringEventId"]!.GetValue<string>())));
        Assert.Equal(["series101"], whole.ItemIds);
    }

    [Fact]
    public async Task Patch_SeriesMovedAndBackUnderCancelReplacedInstances_ListsEachInstanceOnceAsItIsNow()
    {
        await using var host = await EmulatorHost.StartAsync(cancellationToken: Cancel);
        using var caller = await CalendarCaller.ForNewUserAsync(host.BaseUri);
        await caller.InsertAsync(DailySeries("series102"));
        using (var admin = new HttpClient { BaseAddress = host.BaseUri })
        {
            using var fault = await admin.PostAsJsonAsync("emulator/faults", new { kind = "cancelReplacedInstances" }, Cancel);
            fault.EnsureSuccessStatusCode();
        }

        var token = (await caller.ListAsync("singleEvents=true")).Text("nextSyncToken");
        await caller.PatchAsync("series102", Times("10:00:00", "11:00:00"));
        var moved = await caller.ListAsync($"singleEvents=true&syncToken={Uri.EscapeDataString(token)}");
        await caller.PatchAsync("series102", Times("09:00:00", "10:00:00"));
        var back = await caller.ListAsync("singleEvents=true&showDeleted=true");

        string[] nine = ["series102_20260327T080000Z", "series102_20260328T080000Z", "series102_20260329T070000Z", "series102_20260330T070000Z"];
        string[] ten = ["series102_20260327T090000Z", "series102_20260328T090000Z", "series102_20260329T080000Z", "series102_20260330T080000Z"];
        Assert.Equal(nine, IdsWithStatus(moved, "cancelled"));
        Assert.Equal(ten, IdsWithStatus(moved, "confirmed"));
        Assert.Equal(nine, IdsWithStatus(back, "confirmed"));
        Assert.Equal(ten, IdsWithStatus(back, "cancelled"));
    }

    private static IEnumerable<string> IdsWithStatus(Answer answer, string status) =>
        answer.Items.Where(item => item!["status"]!.GetValue<string>() == status).Select(item => item!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal);

    [Fact]
    public async Task Update_SequenceBelowTheCurrentOne_Returns400InvalidSequence()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(DailySeries("series103"));
        var moved = await caller.PatchAsync("series103", Times("10:00:00", "11:00:00"));

        var lower = await caller.PatchAsync("series103", new { summary = "Stale", sequence = 0 });

        Assert.Equal(1, moved.Body!["sequence"]!.GetValue<int>());
        Assert.Equal((HttpStatusCode.BadRequest, "invalid"), (lower.Status, lower.Reason));
        Assert.Contains("Invalid sequence value", lower.Body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static object Times(string start, string end) => new
    {
        start = new { dateTime = "2026-03-27T" + start, timeZone = "Europe/Berlin" },
        end = new { dateTime = "2026-03-27T" + end, timeZone = "Europe/Berlin" },
    };
}
