using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using CalendarSync.Functions.Http;
using CalendarSync.Functions.Sync;
using CalendarSync.Functions.Tests.Http;
using CalendarSync.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CalendarSync.Functions.Tests;

/// <summary>
/// The function app end to end, functions called as the host calls them, everything behind them real: connect through
/// the emulator's consent, the queue function's runs, both sides of the sync, a revoked grant, two messages at once.
/// </summary>
public sealed class EndToEndTests(AzuriteFixture azurite, EmulatorFixture emulator) : IDisposable
{
    private readonly FunctionApp _app = new(azurite, emulator, "e2e-" + Guid.NewGuid().ToString("N")[..12]);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task ConnectedStaffMember_BothSidesFollowAndASecondRunWritesNothing()
    {
        var (staffId, user) = await ConnectAsync("Europe/Berlin");
        var start = new DateTimeOffset(2026, 12, 2, 9, 30, 0, TimeSpan.Zero);
        await _app.Service<IAppointmentStore>().SaveAsync(
            new Appointment("a1", staffId, Period.Timed(start, start.AddHours(1)), "Jane Doe", "Haircut"), Cancel);
        using var google = new HttpClient { BaseAddress = emulator.BaseUri };
        google.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        using var lunch = await google.PostAsJsonAsync("calendar/v3/calendars/primary/events", new
        {
            summary = "Lunch",
            start = new { dateTime = "2026-12-02T12:00:00", timeZone = "Europe/Berlin" },
            end = new { dateTime = "2026-12-02T13:00:00", timeZone = "Europe/Berlin" },
        }, Cancel);
        Assert.Equal(HttpStatusCode.OK, lunch.StatusCode);

        await RunAsync(staffId, SyncReason.Manual);

        var events = (await google.GetFromJsonAsync<JsonNode>("calendar/v3/calendars/primary/events", Cancel))!["items"]!.AsArray();
        var appointment = Assert.Single(events, e => (string?)e!["summary"] == "Appointment")!;
        Assert.Equal("2026-12-02T10:30:00+01:00", (string?)appointment["start"]!["dateTime"]);
        var busy = await _app.Service<IAppointmentStore>().ListBusyAsync(staffId, start.Date, start.Date.AddDays(1), Cancel);
        var block = Assert.Single(busy.OfType<BlockedSlot>());
        Assert.Equal(BlockOrigin.Google, block.Origin);
        Assert.Equal("Lunch", block.Summary);

        var logged = (await _app.Service<ISyncLog>().ListAsync(staffId, null, 10, Cancel)).Items.Count;
        await RunAsync(staffId, SyncReason.Schedule);

        Assert.Equal(0, await LastRunWritesAsync(staffId));
        Assert.Equal(logged, (await _app.Service<ISyncLog>().ListAsync(staffId, null, 10, Cancel)).Items.Count);
    }

    [Fact]
    public async Task RevokedGrant_IsReauthRequiredWithinOneRunAndShownBySyncStatus()
    {
        var (staffId, user) = await ConnectAsync("Europe/Berlin");
        await RunAsync(staffId, SyncReason.Connect);
        using (var admin = new HttpClient { BaseAddress = emulator.BaseUri })
        {
            using var revoke = await admin.PostAsJsonAsync("emulator/faults", new { kind = "revokeGrant", email = user.Email }, Cancel);
            revoke.EnsureSuccessStatusCode();
        }

        // A fresh app instance: no access token cached, as on another worker.
        using var other = new FunctionApp(azurite, emulator, _app.Queue.Name);
        await other.Function<SyncStaffCalendarFunction>().SyncStaffCalendar(Message(staffId, SyncReason.Schedule), Cancel);

        var status = Assert.IsType<OkObjectResult>(await other.Function<SyncStatusFunction>().SyncStatus(
            FunctionApp.Get("/api/calendar/sync-status", ("pageSize", "1000"))));
        var row = System.Text.Json.JsonSerializer.SerializeToNode(status.Value)!["items"]!.AsArray()
            .Single(i => (string?)i!["staffId"] == staffId)!;
        Assert.Equal("ReauthRequired", (string?)row["status"]);

        // Google's own words, whatever the cause (revoked, unused for six months, a testing-mode app's seven days):
        // the operator reads what Google said, and the fix is the same, a new consent.
        Assert.Contains("invalid_grant: Token has been expired or revoked.", (string?)row["lastMessage"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoMessagesForOneStaffMemberAtOnce_NeverRunInParallel()
    {
        var (staffId, _) = await ConnectAsync("Europe/Berlin");

        await Task.WhenAll(
            _app.Function<SyncStaffCalendarFunction>().SyncStaffCalendar(Message(staffId, SyncReason.Schedule), Cancel),
            _app.Function<SyncStaffCalendarFunction>().SyncStaffCalendar(Message(staffId, SyncReason.Schedule), Cancel));

        // Runs that overlapped would both have logged; the one that found the lease taken dropped its request.
        var log = await _app.Service<ISyncLog>().ListAsync(staffId, null, 10, Cancel);
        var runs = log.Items.OrderBy(e => e.StartedAt).ToList();
        for (var i = 1; i < runs.Count; i++)
        {
            Assert.True(runs[i].StartedAt >= runs[i - 1].StartedAt + runs[i - 1].Duration, "Two runs for one staff member overlapped.");
        }

        Assert.NotEmpty(runs);
    }

    [Fact]
    public async Task DataApiWrites_WithSyncNow_ReachGoogleInOneQueueHop()
    {
        var (staffId, user) = await ConnectAsync("Europe/Berlin");
        await RunAsync(staffId, SyncReason.Connect);
        var data = _app.Function<DataApiFunction>();
        using var google = new HttpClient { BaseAddress = emulator.BaseUri };
        google.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);

        var put = await data.PutAppointment(
            DataApiHost.Request("PUT", """{"start":"2026-12-03T09:00:00+01:00","end":"2026-12-03T10:00:00+01:00","customerName":"Jane Doe"}""", "?sync=now"),
            staffId, "a-e2e");
        Assert.Equal(202, DataApiHost.Read(put).Status);
        await RunQueuedAsync(staffId);
        Assert.Equal("2026-12-03T09:00:00+01:00", (string?)(await OurEventAsync(google))?["start"]!["dateTime"]);

        await data.PutAppointment(
            DataApiHost.Request("PUT", """{"start":"2026-12-03T14:00:00+01:00","end":"2026-12-03T15:00:00+01:00","customerName":"Jane Doe"}""", "?sync=now"),
            staffId, "a-e2e");
        await RunQueuedAsync(staffId);
        Assert.Equal("2026-12-03T14:00:00+01:00", (string?)(await OurEventAsync(google))?["start"]!["dateTime"]);

        await data.DeleteAppointment(DataApiHost.Request("DELETE", query: "?sync=now"), staffId, "a-e2e");
        await RunQueuedAsync(staffId);
        Assert.Null(await OurEventAsync(google));
    }

    [Fact]
    public async Task LunchAddedInGoogle_PushNotification_IsBusyAfterOneQueueHop()
    {
        using var receiver = new NotificationReceiver();
        var (app, staffId, user) = await ConnectWithPushAsync(receiver);
        using var stop = app;
        var notifications = app.Function<NotificationsFunction>();

        // The channel the callback opened: Google's first message on it is the handshake, which queues nothing.
        Assert.IsType<OkResult>(await notifications.Notifications(await NextNotificationAsync(receiver), Cancel));
        var first = Assert.Single(await app.TakeQueuedAsync(Cancel));
        Assert.Equal("connect", (string?)JsonNode.Parse(first)!["reason"]);
        await app.Function<SyncStaffCalendarFunction>().SyncStaffCalendar(first, Cancel);

        using var google = new HttpClient { BaseAddress = emulator.BaseUri };
        google.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        using var lunch = await google.PostAsJsonAsync("calendar/v3/calendars/primary/events", new
        {
            summary = "Lunch",
            start = new { dateTime = "2026-12-04T12:00:00", timeZone = "Europe/Berlin" },
            end = new { dateTime = "2026-12-04T13:00:00", timeZone = "Europe/Berlin" },
        }, Cancel);
        Assert.Equal(HttpStatusCode.OK, lunch.StatusCode);
        Assert.IsType<OkResult>(await notifications.Notifications(await NextNotificationAsync(receiver), Cancel));

        var hop = Assert.Single(await app.TakeQueuedAsync(Cancel));
        Assert.Equal(("push", staffId), ((string?)JsonNode.Parse(hop)!["reason"], (string?)JsonNode.Parse(hop)!["staffId"]));
        await app.Function<SyncStaffCalendarFunction>().SyncStaffCalendar(hop, Cancel);

        var busy = DataApiHost.Read(await app.Function<DataApiFunction>().GetBusy(
            DataApiHost.Request("GET", query: "?from=2026-12-04T00:00:00Z&to=2026-12-05T00:00:00Z"), staffId));
        Assert.Equal(200, busy.Status);
        var period = Assert.Single(busy.Body!["busy"]!.AsArray())!;
        Assert.Equal((new DateTimeOffset(2026, 12, 4, 11, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero)),
            (period["start"]!.GetValue<DateTimeOffset>(), period["end"]!.GetValue<DateTimeOffset>()));
        Assert.Empty(await app.TakeQueuedAsync(Cancel));
    }

    [Fact]
    public async Task NotificationsDroppedByGoogle_TheSweepBringsEveryChangeTheyAnnounced()
    {
        // Google may drop notifications. The emulator's dropNotification fault does, so this test has an emulator of its own.
        await using var own = new EmulatorFixture();
        await own.InitializeAsync();
        using var receiver = new NotificationReceiver();
        using var app = new FunctionApp(azurite, own, "e2e-" + Guid.NewGuid().ToString("N")[..12], new FunctionAppOptions { NotificationUri = receiver.Address, OwnTables = true });
        var staffId = "e2e-" + Guid.NewGuid().ToString("N")[..12];
        var user = await own.CreateUserAsync(timeZone: "Europe/Berlin", cancellationToken: Cancel);
        Assert.Equal(200, (await app.ConnectAsync(staffId, user.Email, Cancel)).StatusCode);
        Assert.IsType<OkResult>(await app.Function<NotificationsFunction>().Notifications(await NextNotificationAsync(receiver), Cancel));
        await app.Function<SyncStaffCalendarFunction>().SyncStaffCalendar(Assert.Single(await app.TakeQueuedAsync(Cancel)), Cancel);

        using var google = new HttpClient { BaseAddress = own.BaseUri };
        using var fault = await google.PostAsJsonAsync("emulator/faults", new { kind = "dropNotification", count = 2 }, Cancel);
        fault.EnsureSuccessStatusCode();
        google.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        foreach (var (summary, day) in new[] { ("Lunch", "2026-12-04"), ("Dentist", "2026-12-07") })
        {
            using var added = await google.PostAsJsonAsync("calendar/v3/calendars/primary/events", new
            {
                summary,
                start = new { dateTime = day + "T12:00:00", timeZone = "Europe/Berlin" },
                end = new { dateTime = day + "T13:00:00", timeZone = "Europe/Berlin" },
            }, Cancel);
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        }

        Assert.Null(await receiver.NextAsync(TimeSpan.FromSeconds(2)));
        Assert.Empty(await app.TakeQueuedAsync(Cancel));

        await app.Function<ScheduleSyncsFunction>().ScheduleSyncs(new TimerInfo(), Cancel);
        var swept = Assert.Single(await app.TakeQueuedAsync(Cancel));
        Assert.Equal((SyncReason.Schedule, staffId), (SyncRequestPage.Parse(swept).Reason, Assert.Single(SyncRequestPage.Parse(swept).Requests).StaffId));
        await app.Function<SyncStaffCalendarFunction>().SyncStaffCalendar(swept, Cancel);

        var busy = await app.Service<IAppointmentStore>().ListBusyAsync(
            staffId, new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero), Cancel);
        Assert.Equal([new DateTimeOffset(2026, 12, 4, 11, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 7, 11, 0, 0, TimeSpan.Zero)],
            busy.Select(item => item.Period.Start).Order());
    }

    [Fact]
    public async Task OwnWritesComingBackAsNotifications_LeadToOneQuietFollowUpRun()
    {
        using var receiver = new NotificationReceiver();
        var (app, staffId, user) = await ConnectWithPushAsync(receiver);
        using var stop = app;
        var notifications = app.Function<NotificationsFunction>();
        var queue = app.Function<SyncStaffCalendarFunction>();
        Assert.IsType<OkResult>(await notifications.Notifications(await NextNotificationAsync(receiver), Cancel));
        await queue.SyncStaffCalendar(Assert.Single(await app.TakeQueuedAsync(Cancel)), Cancel);
        var start = new DateTimeOffset(2026, 12, 9, 8, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 4; i++)
        {
            await app.Service<IAppointmentStore>().SaveAsync(
                new Appointment($"a{i}", staffId, Period.Timed(start.AddHours(i), start.AddHours(i + 1)), "Jane Doe", "Haircut"), Cancel);
        }

        using var google = Google(user);
        await AddEventAsync(google, "Lunch", "2026-12-09T13:00:00", "2026-12-09T14:00:00");
        Assert.IsType<OkResult>(await notifications.Notifications(await NextNotificationAsync(receiver), Cancel));
        await queue.SyncStaffCalendar(Assert.Single(await app.TakeQueuedAsync(Cancel)), Cancel);

        // The run wrote four events, and Google tells of each: four notifications, one more run.
        for (var i = 0; i < 4; i++)
        {
            Assert.IsType<OkResult>(await notifications.Notifications(await NextNotificationAsync(receiver), Cancel));
        }

        var followUp = Assert.Single(await app.TakeQueuedAsync(Cancel));
        Assert.Equal("push", (string?)JsonNode.Parse(followUp)!["reason"]);
        await queue.SyncStaffCalendar(followUp, Cancel);

        // The follow-up was quiet: the log keeps runs that did something, and the connection says the last one wrote nothing.
        var runs = (await app.Service<ISyncLog>().ListAsync(staffId, null, 10, Cancel)).Items;
        Assert.Equal(2, runs.Count);
        Assert.Equal((4, 1), (runs[0].Created, runs[0].Imported));
        Assert.Equal(0, (await app.Service<IConnectionStore>().GetAsync(staffId, Cancel))!.LastRunWrites);
        Assert.Null(await receiver.NextAsync(TimeSpan.FromSeconds(1)));
        Assert.Empty(await app.TakeQueuedAsync(Cancel));
    }

    [Fact]
    public async Task MoveToAnotherGoogleAccount_StartsAfreshOnTheNewCalendarAndLosesNothing()
    {
        var (staffId, first) = await ConnectAsync("Europe/Berlin");
        var start = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
        var store = _app.Service<IAppointmentStore>();
        await store.SaveAsync(new Appointment("a1", staffId, Period.Timed(start, start.AddHours(1)), "Jane Doe", "Haircut"), Cancel);
        using var oldGoogle = Google(first);
        await AddEventAsync(oldGoogle, "Lunch", "2026-12-07T12:00:00", "2026-12-07T13:00:00");
        await RunAsync(staffId, SyncReason.Connect);
        Assert.Contains(await BusyAsync(staffId, start), item => item is BlockedSlot { Summary: "Lunch" });
        var second = await emulator.CreateUserAsync(timeZone: "Europe/Berlin", cancellationToken: Cancel);
        using var newGoogle = Google(second);
        await AddEventAsync(newGoogle, "Dentist", "2026-12-07T15:00:00", "2026-12-07T16:00:00");

        // Another account only through the operator's move; the old account's grant goes with it.
        var move = FunctionApp.Post($"/api/calendar/connections/{staffId}/move", $$"""{"email":"{{second.Email}}"}""");
        Assert.IsType<OkObjectResult>(await _app.Function<ConnectLinksFunction>().MoveConnection(move, staffId, Cancel));
        Assert.Equal(200, (await _app.ConnectAsync(staffId, second.Email, Cancel)).StatusCode);

        // At once, before any run: the old calendar's lunch no longer blocks, and nothing of the old sync is left to
        // meet the new calendar (its sync token, the old events' ids and etags).
        Assert.DoesNotContain(await BusyAsync(staffId, start), item => item is BlockedSlot);
        Assert.Null((await _app.Service<ISyncStateStore>().GetControlAsync(staffId, Cancel)).State.GoogleSyncToken);
        Assert.Equal(0, await _app.Service<ISyncStateStore>().CountItemsAsync(staffId, Cancel));
        await RunAsync(staffId, SyncReason.Connect);

        Assert.Equal(second.Email, (await _app.Service<IConnectionStore>().GetAsync(staffId, Cancel))!.Connection.CalendarId);
        var onNew = await SummariesAsync(newGoogle);
        Assert.Equal(["Appointment", "Dentist"], onNew.Order());
        Assert.Equal(["Appointment", "Lunch"], (await AllSummariesAsync(first.Email)).Order());
        var busy = await BusyAsync(staffId, start);
        Assert.Contains(busy, item => item is Appointment { Id: "a1" });
        Assert.Equal(["Dentist"], busy.OfType<BlockedSlot>().Select(b => b.Summary));
        await RunAsync(staffId, SyncReason.Schedule);
        Assert.Equal(0, await LastRunWritesAsync(staffId));
    }

    [Fact]
    public async Task ReconnectWithTheSameGoogleAccount_KeepsTheSyncState()
    {
        var (staffId, user) = await ConnectAsync("Europe/Berlin");
        var start = new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero);
        await _app.Service<IAppointmentStore>().SaveAsync(
            new Appointment("a1", staffId, Period.Timed(start, start.AddHours(1)), "Jane Doe", "Haircut"), Cancel);
        await RunAsync(staffId, SyncReason.Connect);
        var states = _app.Service<ISyncStateStore>();
        var before = (await states.GetControlAsync(staffId, Cancel)).State;

        Assert.Equal(200, (await _app.ConnectAsync(staffId, user.Email, Cancel)).StatusCode);

        Assert.NotNull(before.GoogleSyncToken);
        Assert.Equal(before, (await states.GetControlAsync(staffId, Cancel)).State);
        Assert.Equal(1, await states.CountItemsAsync(staffId, Cancel));
        await RunAsync(staffId, SyncReason.Connect);
        Assert.Equal(0, await LastRunWritesAsync(staffId));
    }

    /// <summary>The last run as the connection records it: the sync log keeps only runs that did something.</summary>
    private async Task<int> LastRunWritesAsync(string staffId)
    {
        var connection = (await _app.Service<IConnectionStore>().GetAsync(staffId, Cancel))!;
        Assert.Equal(SyncOutcome.Succeeded, connection.Connection.LastOutcome);
        return connection.LastRunWrites;
    }

    private HttpClient Google(EmulatorUser user)
    {
        var google = new HttpClient { BaseAddress = emulator.BaseUri };
        google.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        return google;
    }

    private static async Task AddEventAsync(HttpClient google, string summary, string start, string end)
    {
        using var added = await google.PostAsJsonAsync("calendar/v3/calendars/primary/events", new
        {
            summary,
            start = new { dateTime = start, timeZone = "Europe/Berlin" },
            end = new { dateTime = end, timeZone = "Europe/Berlin" },
        }, Cancel);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
    }

    /// <summary>The summaries of the calendar's live events.</summary>
    [Fact]
    public async Task BusinessSwitchesToPrivateTemplates_EveryEventLosesTheNamesOverRunsWithinTheRateAndNoWriteMailsAnyone()
    {
        using var named = new FunctionApp(azurite, emulator, _app.Queue.Name, new FunctionAppOptions
        {
            Settings = new Dictionary<string, string?>
            {
                ["Events__Appointment__Summary"] = "Appointment: {customerName}",
                ["Events__Appointment__Description"] = "{title}\n\n{notes}",
                ["Events__Visibility"] = "Default",
                ["Events__Exception__ColorId"] = "5",
                ["Events__Exception__Reminders"] = "None",
            },
        });
        var staffId = "e2e-" + Guid.NewGuid().ToString("N")[..12];
        var user = await emulator.CreateUserAsync(cancellationToken: Cancel);
        Assert.Equal(200, (await named.ConnectAsync(staffId, user.Email, Cancel)).StatusCode);
        for (var day = 1; day <= 5; day++)
        {
            var start = new DateTimeOffset(2026, 12, day, 9, 0, 0, TimeSpan.Zero);
            await named.Service<IAppointmentStore>().SaveAsync(
                new Appointment($"a{day}", staffId, Period.Timed(start, start.AddHours(1)), "Jane Doe", "Root canal", "Allergic to latex"), Cancel);
        }

        var training = new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
        await named.Service<IAppointmentStore>().SaveAsync(
            new AvailabilityException("x1", staffId, Period.Timed(training, training.AddHours(8)), "Training"), Cancel);

        await named.Function<SyncStaffCalendarFunction>().SyncStaffCalendar(Message(staffId, SyncReason.Manual), Cancel);
        var shown = await EveryEventAsync(user.Email);
        Assert.Equal(5, shown.Count(e => (string?)e["summary"] == "Appointment: Jane Doe"));
        var exception = shown.Single(e => (string?)e["summary"] == "Unavailable");
        Assert.Equal(("5", false), ((string?)exception["colorId"], (bool)exception["reminders"]!["useDefault"]!));

        // The business switches to the sample's settings (private), two rewrites a run, runs a minute apart.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        using var privacy = new FunctionApp(azurite, emulator, _app.Queue.Name, new FunctionAppOptions
        {
            Settings = new Dictionary<string, string?> { ["Events__RerenderPerRun"] = "2" },
            Clock = clock,
        });
        var updatesPerRun = new List<int>();
        var messages = new List<string?>();
        for (var run = 0; run < 3; run++)
        {
            var before = (await WritesAsync(user.Email)).Count;
            await privacy.Function<SyncStaffCalendarFunction>().SyncStaffCalendar(Message(staffId, SyncReason.Schedule), Cancel);
            updatesPerRun.Add((await WritesAsync(user.Email)).Skip(before).Count(w => (string?)w["method"] == "update"));
            messages.Add((await privacy.Service<IConnectionStore>().GetAsync(staffId, Cancel))!.LastMessage);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal([2, 2, 2], updatesPerRun);
        Assert.Contains("the next runs go on", messages[0], StringComparison.Ordinal);
        Assert.Contains("every event now follows them", messages[2], StringComparison.Ordinal);
        var events = await EveryEventAsync(user.Email);
        Assert.Equal(6, events.Count);
        Assert.All(events.Where(e => (string?)e["summary"] != "Unavailable"), e => Assert.Equal(("Appointment", null), ((string?)e["summary"], (string?)e["description"])));
        Assert.All(events, e => Assert.Equal("private", (string?)e["visibility"]));
        var rewritten = events.Single(e => (string?)e["summary"] == "Unavailable");
        Assert.Equal((null, true), ((string?)rewritten["colorId"], (bool)rewritten["reminders"]!["useDefault"]!));
        Assert.DoesNotContain("Jane", string.Join("\n", events.Select(e => e.ToJsonString())), StringComparison.Ordinal);
        Assert.All(await WritesAsync(user.Email), w => Assert.Equal(("none", null), ((string?)w["sendUpdates"], w["attendees"])));
    }

    private async Task<List<JsonNode>> EveryEventAsync(string calendarId)
    {
        using var admin = new HttpClient { BaseAddress = emulator.BaseUri };
        return [.. (await admin.GetFromJsonAsync<JsonNode>($"emulator/calendars/{Uri.EscapeDataString(calendarId)}/events", Cancel))!["items"]!.AsArray().Select(e => e!)];
    }

    private async Task<List<JsonNode>> WritesAsync(string calendarId)
    {
        using var admin = new HttpClient { BaseAddress = emulator.BaseUri };
        return [.. (await admin.GetFromJsonAsync<JsonNode>($"emulator/calendars/{Uri.EscapeDataString(calendarId)}/writes", Cancel))!["items"]!.AsArray().Select(w => w!)];
    }

    private static async Task<List<string?>> SummariesAsync(HttpClient google) =>
        (await google.GetFromJsonAsync<JsonNode>("calendar/v3/calendars/primary/events", Cancel))!["items"]!.AsArray()
            .Where(e => (string?)e!["status"] != "cancelled")
            .Select(e => (string?)e!["summary"])
            .ToList();

    // Through the emulator's admin view: the old account's grant, the test's too, was revoked by the move.
    private async Task<List<string?>> AllSummariesAsync(string calendarId)
    {
        using var admin = new HttpClient { BaseAddress = emulator.BaseUri };
        return (await admin.GetFromJsonAsync<JsonNode>($"emulator/calendars/{Uri.EscapeDataString(calendarId)}/events", Cancel))!["items"]!.AsArray()
            .Where(e => (string?)e!["status"] != "cancelled")
            .Select(e => (string?)e!["summary"])
            .ToList();
    }

    private async Task<IReadOnlyList<LocalItem>> BusyAsync(string staffId, DateTimeOffset day) =>
        await _app.Service<IAppointmentStore>().ListBusyAsync(staffId, day.Date, day.Date.AddDays(1), Cancel);

    /// <summary>The next notification Google sent to the receiver, as the notifications function receives it.</summary>
    // A staff member connected through an app of its own with push on: the callback opens a channel to the receiver.
    private async Task<(FunctionApp App, string StaffId, EmulatorUser User)> ConnectWithPushAsync(NotificationReceiver receiver)
    {
        var app = new FunctionApp(azurite, emulator, "e2e-" + Guid.NewGuid().ToString("N")[..12], new FunctionAppOptions { NotificationUri = receiver.Address });
        try
        {
            var staffId = "e2e-" + Guid.NewGuid().ToString("N")[..12];
            var user = await emulator.CreateUserAsync(timeZone: "Europe/Berlin", cancellationToken: Cancel);
            Assert.Equal(200, (await app.ConnectAsync(staffId, user.Email, Cancel)).StatusCode);
            return (app, staffId, user);
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    private static async Task<HttpRequest> NextNotificationAsync(NotificationReceiver receiver)
    {
        var received = await receiver.NextAsync(TimeSpan.FromSeconds(10)) ?? throw new Xunit.Sdk.XunitException("No push notification arrived.");
        var request = new DefaultHttpContext().Request;
        request.Method = "POST";
        foreach (var name in received.Headers.AllKeys.Where(n => n!.StartsWith("X-Goog-", StringComparison.OrdinalIgnoreCase)))
        {
            request.Headers[name!] = received.Headers[name];
        }

        return request;
    }


    /// <summary>Runs the newest manual request queued for the staff member, as the queue trigger would hand it over.</summary>
    private async Task RunQueuedAsync(string staffId)
    {
        await _app.Queue.CreateIfNotExistsAsync(cancellationToken: Cancel);
        var peeked = await _app.Queue.PeekMessagesAsync(32, Cancel);
        var message = peeked.Value.Select(m => m.Body.ToString())
            .LastOrDefault(body => (string?)JsonNode.Parse(body)!["staffId"] == staffId && (string?)JsonNode.Parse(body)!["reason"] == "manual");
        Assert.NotNull(message);
        await _app.Function<SyncStaffCalendarFunction>().SyncStaffCalendar(message, Cancel);
    }

    private static async Task<JsonNode?> OurEventAsync(HttpClient google)
    {
        var events = (await google.GetFromJsonAsync<JsonNode>("calendar/v3/calendars/primary/events", Cancel))!["items"]!.AsArray();
        return events.SingleOrDefault(e => (string?)e!["summary"] == "Appointment");
    }

    [Fact]
    public async Task FamilyCalendarReadAsBusyTimes_BlocksWithNoTitle_UntilItsAccessIsRemoved()
    {
        var (staffId, user) = await ConnectAsync("Europe/Berlin");
        var day = DateTime.UtcNow.Date.AddDays(3);
        var family = await emulator.SharedCalendarAsync(user.Email, "freeBusyReader", day.AddHours(14), day.AddHours(15.5), Cancel);
        var function = _app.Function<ConnectionsFunction>();

        var notListed = await function.SetCalendars(FunctionApp.Post("/api/calendar/connections/x/calendars", """{"busyOnly":["nobody@group.calendar.google.com"]}"""), staffId, Cancel);
        var chosen = await _app.WrittenAsync(await function.SetCalendars(
            FunctionApp.Post("/api/calendar/connections/x/calendars", $$"""{"busyOnly":["{{family}}"]}"""), staffId, Cancel));
        await RunAsync(staffId, SyncReason.Manual);
        var beforeReconnect = await _app.Service<IAppointmentStore>().ListBusyAsync(staffId, day, day.AddDays(1), Cancel);
        var asked = (await _app.Service<IConnectionStore>().GetAsync(staffId, Cancel))!.LastMessage;

        // The grant of the first connect has no free/busy: the staff member connects again, and the link asks for it now.
        Assert.Equal(200, (await _app.ConnectAsync(staffId, user.Email, Cancel)).StatusCode);
        await RunAsync(staffId, SyncReason.Manual);
        var block = Assert.Single((await _app.Service<IAppointmentStore>().ListBusyAsync(staffId, day, day.AddDays(1), Cancel)).OfType<BlockedSlot>());

        await emulator.ShareAsync(family, user.Email, "none", Cancel);
        await RunAsync(staffId, SyncReason.Schedule);
        var listed = await _app.WrittenAsync(await function.GetCalendars(FunctionApp.Get("/api/calendar/connections/x/calendars"), staffId, Cancel));

        Assert.Equal(StatusCodes.Status400BadRequest, ((ObjectResult)notListed).StatusCode);
        Assert.Empty(beforeReconnect.OfType<BlockedSlot>());
        Assert.Contains("connect their calendar again", asked, StringComparison.Ordinal);
        Assert.Contains(family, asked, StringComparison.Ordinal);
        var read = JsonNode.Parse(chosen)!["calendars"]!.AsArray();
        Assert.Equal("busyOnly", (string?)read.Single(c => (string?)c!["id"] == family)!["read"]);
        Assert.Equal(("full", true), ((string?)read.Single(c => (string?)c!["id"] == user.Email)!["read"], (bool)read.Single(c => (string?)c!["id"] == user.Email)!["primary"]!));
        Assert.Equal((new DateTimeOffset(day.AddHours(14)), new DateTimeOffset(day.AddHours(15.5))), block.Period.ToInstants(TimeZoneInfo.Utc));
        Assert.Null(block.Summary);
        Assert.Empty((await _app.Service<IAppointmentStore>().ListBusyAsync(staffId, day, day.AddDays(1), Cancel)).OfType<BlockedSlot>());
        Assert.DoesNotContain(family, listed, StringComparison.Ordinal);
        Assert.Contains($"The calendar {family} chosen for the staff member is no longer on their Google calendar list",
            (await _app.Service<IConnectionStore>().GetAsync(staffId, Cancel))!.LastMessage, StringComparison.Ordinal);
    }

    private async Task<(string StaffId, EmulatorUser User)> ConnectAsync(string timeZone)
    {
        var staffId = "e2e-" + Guid.NewGuid().ToString("N")[..12];
        var user = await emulator.CreateUserAsync(timeZone: timeZone, cancellationToken: Cancel);
        Assert.Equal(200, (await _app.ConnectAsync(staffId, user.Email, Cancel)).StatusCode);
        return (staffId, user);
    }

    private Task RunAsync(string staffId, SyncReason reason) =>
        _app.Function<SyncStaffCalendarFunction>().SyncStaffCalendar(Message(staffId, reason), Cancel);

    private static string Message(string staffId, SyncReason reason) => new SyncRequest(staffId, reason, DateTimeOffset.UtcNow).ToJson();
}
