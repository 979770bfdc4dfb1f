using System.Net;
using System.Net.Http.Json;
using CalendarSync.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Emulator.Tests.Calendar;

public sealed class EventsListTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task List_MaxResults_PagesAndGivesSyncTokenOnlyOnLastPage()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        for (var i = 0; i < 5; i++)
        {
            await caller.InsertAsync(CalendarCaller.Timed($"page0000{i}", $"2026-05-0{i + 1}T10:00:00", $"2026-05-0{i + 1}T11:00:00"));
        }

        var first = await caller.ListAsync("maxResults=2");
        var second = await caller.ListAsync($"maxResults=2&pageToken={first.Text("nextPageToken")}");
        var third = await caller.ListAsync($"maxResults=2&pageToken={second.Text("nextPageToken")}");

        Assert.Null(first.Body!["nextSyncToken"]);
        Assert.Null(second.Body!["nextSyncToken"]);
        Assert.Null(third.Body!["nextPageToken"]);
        Assert.NotNull(third.Body!["nextSyncToken"]);
        Assert.Equal(
            ["page00000", "page00001", "page00002", "page00003", "page00004"],
            first.ItemIds.Concat(second.ItemIds).Concat(third.ItemIds).Order(StringComparer.Ordinal));
        Assert.Equal("calendar#events", first.Text("kind"));
        Assert.Equal("Europe/Berlin", first.Text("timeZone"));
    }

    [Fact]
    public async Task List_NoMaxResults_Pages250Events()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        for (var i = 0; i < 260; i++)
        {
            await caller.InsertAsync(new { start = new { date = "2026-06-01" }, end = new { date = "2026-06-02" } });
        }

        var first = await caller.ListAsync();
        var second = await caller.ListAsync($"pageToken={first.Text("nextPageToken")}");

        Assert.Equal(250, first.Items.Count);
        Assert.Equal(10, second.Items.Count);
    }

    [Fact]
    public async Task List_InvalidMaxResults_Returns400()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.ListAsync("maxResults=0");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Fact]
    public async Task List_ForeignPageToken_Returns400()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.ListAsync("pageToken=not-a-page-token");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Fact]
    public async Task List_SyncToken_ReturnsOnlyChangesWithDeletesAsCancelled()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(CalendarCaller.Timed("chg00001", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));
        await caller.InsertAsync(CalendarCaller.Timed("chg00002", "2026-05-05T10:00:00", "2026-05-05T11:00:00"));
        await caller.InsertAsync(CalendarCaller.Timed("chg00003", "2026-05-06T10:00:00", "2026-05-06T11:00:00"));
        var full = await caller.ListAsync();

        await caller.PatchAsync("chg00001", new { summary = "Changed" });
        await caller.DeleteAsync("chg00002");
        await caller.InsertAsync(CalendarCaller.Timed("chg00004", "2026-05-07T10:00:00", "2026-05-07T11:00:00"));
        var changes = await caller.ListAsync($"syncToken={full.Text("nextSyncToken")}");
        var none = await caller.ListAsync($"syncToken={changes.Text("nextSyncToken")}");

        Assert.Equal(["chg00001", "chg00002", "chg00004"], changes.ItemIds.Order(StringComparer.Ordinal));
        Assert.Equal("cancelled", changes.Items.Single(e => e!["id"]!.GetValue<string>() == "chg00002")!["status"]!.GetValue<string>());
        Assert.Empty(none.Items);
    }

    [Theory]
    [InlineData("timeMin=2026-01-01T00:00:00Z")]
    [InlineData("timeMax=2026-01-01T00:00:00Z")]
    [InlineData("updatedMin=2026-01-01T00:00:00Z")]
    [InlineData("q=lunch")]
    [InlineData("orderBy=updated")]
    [InlineData("privateExtendedProperty=a%3Db")]
    [InlineData("sharedExtendedProperty=a%3Db")]
    [InlineData("iCalUID=x%40google.com")]
    public async Task List_SyncTokenWithForbiddenParameter_Returns400(string parameter)
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var full = await caller.ListAsync();

        var answer = await caller.ListAsync($"syncToken={full.Text("nextSyncToken")}&{parameter}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Fact]
    public async Task List_UnknownSyncToken_Returns410FullSyncRequired()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.ListAsync("syncToken=CPDAlvWDx70CEPDAlvWDx70CGAU");

        Assert.Equal(HttpStatusCode.Gone, answer.Status);
        Assert.Equal("fullSyncRequired", answer.Reason);
    }

    [Fact]
    public async Task List_SyncTokenOfAnotherCalendar_Returns410()
    {
        using var jane = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        using var john = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var janes = await jane.ListAsync();

        var answer = await john.ListAsync($"syncToken={janes.Text("nextSyncToken")}");

        Assert.Equal(HttpStatusCode.Gone, answer.Status);
    }

    [Fact]
    public async Task List_WriteBetweenPages_ComesWithTheNextSync()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        for (var i = 0; i < 4; i++)
        {
            await caller.InsertAsync(CalendarCaller.Timed($"snap0000{i}", $"2026-05-0{i + 1}T10:00:00", $"2026-05-0{i + 1}T11:00:00"));
        }

        var first = await caller.ListAsync("maxResults=2");
        await caller.PatchAsync("snap00003", new { summary = "Changed while paging" });
        await caller.InsertAsync(CalendarCaller.Timed("snap00009", "2026-05-09T10:00:00", "2026-05-09T11:00:00"));
        var second = await caller.ListAsync($"maxResults=2&pageToken={first.Text("nextPageToken")}");
        var next = await caller.ListAsync($"syncToken={second.Text("nextSyncToken")}");

        Assert.Equal(["snap00002"], second.ItemIds);
        Assert.Equal(["snap00003", "snap00009"], next.ItemIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_TimeWindow_ReturnsOverlappingEventsOnly()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(CalendarCaller.Timed("span0001", "2026-05-04T08:00:00", "2026-05-04T09:00:00"));
        await caller.InsertAsync(CalendarCaller.Timed("span0002", "2026-05-04T09:30:00", "2026-05-04T10:30:00"));
        await caller.InsertAsync(CalendarCaller.Timed("span0003", "2026-05-04T12:00:00", "2026-05-04T13:00:00"));
        await caller.InsertAsync(new { id = "span0004", start = new { date = "2026-05-04" }, end = new { date = "2026-05-05" } });

        // 10:00 to 12:00 Berlin: span0002 ends inside it, span0003 starts exactly at its (exclusive) end.
        var answer = await caller.ListAsync("timeMin=2026-05-04T08:00:00Z&timeMax=2026-05-04T10:00:00Z");

        Assert.Equal(["span0002", "span0004"], answer.ItemIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_TimeMinWithoutOffset_Returns400()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.ListAsync("timeMin=2026-05-04T08:00:00");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Fact]
    public async Task List_ShowDeleted_DecidesWhetherCancelledEventsShow()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(CalendarCaller.Timed("deleted01", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));
        await caller.InsertAsync(CalendarCaller.Timed("kept00001", "2026-05-04T12:00:00", "2026-05-04T13:00:00"));
        await caller.DeleteAsync("deleted01");

        var plain = await caller.ListAsync();
        var withDeleted = await caller.ListAsync("showDeleted=true");

        Assert.Equal(["kept00001"], plain.ItemIds);
        Assert.Equal(["deleted01", "kept00001"], withDeleted.ItemIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_UpdatedMin_ReturnsLaterChangesIncludingDeletes()
    {
        // An emulator on a clock of the test's own: "later" is a step of the clock, not a wait.
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-05-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var host = await EmulatorHost.StartAsync(timeProvider: clock, cancellationToken: TestContext.Current.CancellationToken);
        using var caller = await CalendarCaller.ForNewUserAsync(host.BaseUri);
        await caller.InsertAsync(CalendarCaller.Timed("upd000001", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));
        await caller.InsertAsync(CalendarCaller.Timed("upd000002", "2026-05-04T12:00:00", "2026-05-04T13:00:00"));
        clock.Advance(TimeSpan.FromSeconds(1));
        var since = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromSeconds(1));
        await caller.DeleteAsync("upd000002");

        var answer = await caller.ListAsync($"updatedMin={Uri.EscapeDataString(since.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture))}");

        Assert.Equal(["upd000002"], answer.ItemIds);
    }

    [Fact]
    public async Task List_ShortPagesOneAtATime_StillEndsAndNamesEveryEvent()
    {
        await using var host = await EmulatorHost.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var caller = await CalendarCaller.ForNewUserAsync(host.BaseUri);
        foreach (var i in Enumerable.Range(1, 3))
        {
            await caller.InsertAsync(CalendarCaller.Timed($"short0{i}0", $"2026-05-0{i}T10:00:00", $"2026-05-0{i}T11:00:00"));
        }

        using (var admin = new HttpClient { BaseAddress = host.BaseUri })
        {
            using var fault = await admin.PostAsJsonAsync("emulator/faults", new { kind = "shortPages" }, TestContext.Current.CancellationToken);
            fault.EnsureSuccessStatusCode();
        }

        var pages = new List<IReadOnlyList<string>>();
        Answer page;
        var query = "maxResults=1";
        do
        {
            page = await caller.ListAsync(query);
            pages.Add(page.ItemIds);
            query = page.Body!["nextPageToken"] is { } next ? "maxResults=1&pageToken=" + Uri.EscapeDataString(next.GetValue<string>()) : query;
        }
        while (page.Body!["nextPageToken"] is not null);

        Assert.Equal(["short010", "short020", "short030"], pages.SelectMany(ids => ids));
        Assert.Contains(pages, ids => ids.Count == 0);
        Assert.NotNull(page.Body!["nextSyncToken"]);
    }

    [Fact]
    public async Task List_OrderByStartTimeWithoutSingleEvents_Returns400()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.ListAsync("orderBy=startTime");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Fact]
    public async Task List_OrderByStartTime_SortsByStart()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(CalendarCaller.Timed("order0003", "2026-05-06T10:00:00", "2026-05-06T11:00:00"));
        await caller.InsertAsync(CalendarCaller.Timed("order0001", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));
        await caller.InsertAsync(CalendarCaller.Timed("order0002", "2026-05-05T10:00:00", "2026-05-05T11:00:00"));

        var answer = await caller.ListAsync("singleEvents=true&orderBy=startTime");

        Assert.Equal(["order0001", "order0002", "order0003"], answer.ItemIds);
    }

    [Fact]
    public async Task List_PrivateExtendedProperty_ReturnsMatchingEventsOnly()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(CalendarCaller.Timed("prop00001", "2026-05-04T10:00:00", "2026-05-04T11:00:00", extra: new
        {
            extendedProperties = new { @private = new { key = "appointment:1" } },
        }));
        await caller.InsertAsync(CalendarCaller.Timed("prop00002", "2026-05-04T12:00:00", "2026-05-04T13:00:00", extra: new
        {
            extendedProperties = new { @private = new { key = "appointment:2" } },
        }));

        var answer = await caller.ListAsync("privateExtendedProperty=" + Uri.EscapeDataString("key=appointment:2"));

        Assert.Equal(["prop00002"], answer.ItemIds);
    }

    [Fact]
    public async Task List_Q_FindsTextInSummaryDescriptionOrLocation()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(CalendarCaller.Timed("note00001", "2026-05-04T10:00:00", "2026-05-04T11:00:00", "Lunch with Ana"));
        await caller.InsertAsync(CalendarCaller.Timed("note00002", "2026-05-04T12:00:00", "2026-05-04T13:00:00", "Dentist", new { location = "Lunchgasse 4" }));
        await caller.InsertAsync(CalendarCaller.Timed("note00003", "2026-05-04T14:00:00", "2026-05-04T15:00:00", "Call"));

        var answer = await caller.ListAsync("q=lunch");

        Assert.Equal(["note00001", "note00002"], answer.ItemIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_ICalUid_FindsThatEvent()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(CalendarCaller.Timed("uid000001", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));
        await caller.InsertAsync(CalendarCaller.Timed("uid000002", "2026-05-04T12:00:00", "2026-05-04T13:00:00"));

        var answer = await caller.ListAsync("iCalUID=" + Uri.EscapeDataString("uid000002@google.com"));

        Assert.Equal(["uid000002"], answer.ItemIds);
    }

    [Fact]
    public async Task List_EventTypes_ReturnsThoseTypesOnly()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(CalendarCaller.Timed("kind00001", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));
        await caller.InsertAsync(CalendarCaller.Timed("kind00002", "2026-05-04T12:00:00", "2026-05-04T13:00:00", extra: new { eventType = "outOfOffice" }));
        await caller.InsertAsync(CalendarCaller.Timed("kind00003", "2026-05-04T14:00:00", "2026-05-04T15:00:00", extra: new
        {
            eventType = "workingLocation", workingLocationProperties = new { type = "homeOffice", homeOffice = new { } },
        }));

        var working = await caller.ListAsync("eventTypes=workingLocation");
        var answer = await caller.ListAsync("eventTypes=default&eventTypes=outOfOffice");

        Assert.Equal(["kind00003"], working.ItemIds);
        Assert.Equal(["kind00001", "kind00002"], answer.ItemIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_TimeZoneParameter_WritesTimesInThatZone()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(new { id = "offs00001", start = new { dateTime = "2026-07-01T10:00:00Z" }, end = new { dateTime = "2026-07-01T11:00:00Z" } });

        var answer = await caller.ListAsync("timeZone=America/New_York");

        Assert.Equal("2026-07-01T06:00:00-04:00", answer.Items[0]!["start"]!["dateTime"]!.GetValue<string>());
    }
}
