using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CalendarSync.Azure.Connections;
using CalendarSync.Azure.Sync;
using CalendarSync.Azure.Tests.Storage;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Emulator;
using CalendarSync.Google;
using CalendarSync.Google.Auth;
using CalendarSync.Google.Sync;
using CalendarSync.Testing;

namespace CalendarSync.Azure.Tests.Connections;

/// <summary>Push channels and disconnecting, on the real adapters: connections in Azurite, Google in the emulator.</summary>
public sealed class PushAndDisconnectTests(AzuriteFixture azurite, EmulatorFixture emulator) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly NotificationReceiver _receiver = new();
    private readonly InMemoryRefreshTokenStore _vault = new();
    private readonly RecordingQueue _queue = new();
    private GoogleOAuthClient? _oauth;
    private CalendarServiceFactory? _services;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Channel_OpenedBySweep_NotificationReachesHandlerAndQueuesPushSync()
    {
        var (store, _, record, _) = await ConnectAsync();
        var channels = new PushChannelService(store, Channels(), new PushChannelOptions(), TimeProvider.System);
        var notifications = Notifications(store);

        var renewal = await channels.RenewAsync(Token);
        var handshake = await NextAsync();
        var calendar = await Provider().OpenAsync(record.Connection, Token);
        await calendar.WriteAsync([EventWrite.Insert(Event("n1"))], Token);
        var change = await NextAsync();

        Assert.Equal(1, renewal.Renewed);
        Assert.Equal(PushNotificationOutcome.Handshake, await notifications.HandleAsync(handshake, Token));
        Assert.Equal(PushNotificationOutcome.Queued, await notifications.HandleAsync(change, Token));
        Assert.Equal(PushNotificationOutcome.Rejected, await notifications.HandleAsync(change with { Token = "forged" }, Token));
        Assert.Equal(PushNotificationOutcome.Rejected, await notifications.HandleAsync(change with { ChannelId = "not/ours" }, Token));
        var queued = Assert.Single(_queue.Requests);
        Assert.Equal((record.StaffId, SyncReason.Push), (queued.StaffId, queued.Reason));
        Assert.DoesNotContain(change.Token!, (await store.GetAsync(record.StaffId, Token))!.Channel!.TokenHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Channel_OnAnotherCalendarReadInFull_ItsChangeQueuesAPushSync_UntilTheCalendarIsNoLongerRead()
    {
        var (store, user, record, channels) = await ConnectAsync();
        var day = DateTime.UtcNow.Date.AddDays(2);
        var team = await emulator.SharedCalendarAsync(user.Email, "writer", day.AddHours(9), day.AddHours(10), Token);
        await store.SaveAsync(record with { Connection = record.Connection with { ReadCalendars = OtherCalendars.Of([team], user.Email) } }, Token);
        var notifications = Notifications(store);

        var renewal = await channels.RenewAsync(Token);
        await NextAsync();
        await NextAsync();
        var calendar = (await Provider().OpenAsync(record.Connection, Token)).OnCalendar(team);
        await calendar.WriteAsync([EventWrite.Insert(Event("t1"))], Token);
        var change = await NextAsync();
        var queued = await notifications.HandleAsync(change, Token);
        var watched = (await store.GetAsync(record.StaffId, Token))!;
        await store.SaveAsync(watched with { Connection = watched.Connection with { ReadCalendars = OtherCalendars.None } }, Token);
        var dropped = await channels.RenewAsync(Token);
        await calendar.WriteAsync([EventWrite.Insert(Event("t2"))], Token);

        Assert.Equal(1, renewal.Renewed);
        Assert.Equal(team, Assert.Single(watched.OtherChannels).CalendarId);
        Assert.Equal(watched.OtherChannels[0].ChannelId, change.ChannelId);
        Assert.Equal(PushNotificationOutcome.Queued, queued);
        Assert.Equal(1, dropped.Renewed);
        Assert.Empty((await store.GetAsync(record.StaffId, Token))!.OtherChannels);
        Assert.Equal(PushNotificationOutcome.Rejected, await notifications.HandleAsync(change, Token));
        Assert.Null(await _receiver.NextAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Notifications_ManyAtOnceForOneCalendar_QueueOnePushSync()
    {
        var (store, _, record, channels) = await ConnectAsync();
        var notifications = Notifications(store);
        await channels.RenewAsync(Token);
        await NextAsync();
        var calendar = await Provider().OpenAsync(record.Connection, Token);
        await calendar.WriteAsync([EventWrite.Insert(Event("m1"))], Token);
        var change = await NextAsync();

        // As several instances receive Google's notifications of a burst of changes at once.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => notifications.HandleAsync(change, Token), Token)));

        Assert.Equal(1, outcomes.Count(o => o == PushNotificationOutcome.Queued));
        Assert.Equal(7, outcomes.Count(o => o == PushNotificationOutcome.AlreadyQueued));
        var queued = Assert.Single(_queue.Requests);
        Assert.Equal((record.StaffId, SyncReason.Push), (queued.StaffId, queued.Reason));
    }

    [Fact]
    public async Task Disconnect_WithRemoveEvents_DeletesOursRevokesGrantAndDisables()
    {
        var (store, user, record, channels) = await ConnectAsync();
        await channels.RenewAsync(Token);
        await NextAsync();
        var calendar = await Provider().OpenAsync(record.Connection, Token);
        foreach (var chunk in Enumerable.Range(0, 55).Chunk(ICalendar.MaxWritesPerCall))
        {
            await calendar.WriteAsync(chunk.Select(i => EventWrite.Insert(Event($"d{i}"))).ToArray(), Token);
        }
        var authorization = new LookBeforeRevoking(new GoogleCalendarAuthorization(_oauth!, _services!), Provider(), record.Connection);
        var service = new DisconnectService(store, Channels(), Provider(), authorization, Leases(), new SyncProcessorOptions());

        Assert.Equal(DisconnectOutcome.Disconnected, await service.DisconnectAsync(record.StaffId, removeEvents: true, Token));

        Assert.Equal(0, authorization.LiveEventsBeforeRevoke);
        var stored = await store.GetAsync(record.StaffId, Token);
        Assert.Equal(ConnectionStatus.Disabled, stored!.Connection.Status);
        Assert.Null(stored.Channel);
        Assert.False(_vault.Tokens.ContainsKey(record.StaffId));
        _vault.Tokens[record.StaffId] = user.RefreshToken;
        await Assert.ThrowsAsync<CalendarGrantRevokedException>(
            async () => await (await Provider().OpenAsync(record.Connection, Token)).ListEventsAsync(new EventListRequest(), Token));
        Assert.Equal(DisconnectOutcome.Disconnected, await service.DisconnectAsync(record.StaffId, removeEvents: true, Token));
    }

    [Fact]
    public async Task Disconnect_WithRemoveEvents_PagesOnThroughShortAndEmptyPagesAndDeletesEveryOne()
    {
        // Short and empty pages that still name a next page (the shortPages fault) strike every caller: an emulator of our own.
        await using var host = await EmulatorHost.StartAsync(cancellationToken: Token);
        var (store, user, record, _) = await ConnectAsync(host.BaseUri);
        var calendar = await Provider().OpenAsync(record.Connection, Token);
        foreach (var chunk in Enumerable.Range(0, 55).Chunk(ICalendar.MaxWritesPerCall))
        {
            await calendar.WriteAsync(chunk.Select(i => EventWrite.Insert(Event($"s{i}"))).ToArray(), Token);
        }

        using var http = new HttpClient { BaseAddress = host.BaseUri };
        using var fault = await http.PostAsJsonAsync("emulator/faults", new { kind = "shortPages" }, Token);
        fault.EnsureSuccessStatusCode();
        var service = new DisconnectService(store, Channels(), Provider(), new GoogleCalendarAuthorization(_oauth!, _services!), Leases(), new SyncProcessorOptions());

        Assert.Equal(DisconnectOutcome.Disconnected, await service.DisconnectAsync(record.StaffId, removeEvents: true, Token));

        var stored = await http.GetFromJsonAsync<JsonObject>($"emulator/calendars/{Uri.EscapeDataString(user.Email)}/events", Token);
        var statuses = stored!["items"]!.AsArray().Select(e => (string?)e!["status"]).ToList();
        Assert.Equal(55, statuses.Count);
        Assert.All(statuses, status => Assert.Equal("cancelled", status));
        var stats = await http.GetFromJsonAsync<JsonObject>("emulator/faults/stats", Token);
        Assert.True(stats!["struck"]!["shortPages"]!.GetValue<long>() > 2, "The listings met short pages.");
    }

    [Fact]
    public async Task Disconnect_WithoutRemoveEvents_RevokesAndDisables()
    {
        var (store, _, record, _) = await ConnectAsync();
        var service = new DisconnectService(store, Channels(), Provider(), new GoogleCalendarAuthorization(_oauth!, _services!), Leases(), new SyncProcessorOptions());

        Assert.Equal(DisconnectOutcome.Disconnected, await service.DisconnectAsync(record.StaffId, removeEvents: false, Token));

        Assert.False(_vault.Tokens.ContainsKey(record.StaffId));
        Assert.Equal(ConnectionStatus.Disabled, (await store.GetAsync(record.StaffId, Token))!.Connection.Status);
    }

    [Fact]
    public async Task Disconnect_UnknownStaff_AnswersFalse()
    {
        var (store, _, _, _) = await ConnectAsync();
        var service = new DisconnectService(store, Channels(), Provider(), new GoogleCalendarAuthorization(_oauth!, _services!), Leases(), new SyncProcessorOptions());

        Assert.Equal(DisconnectOutcome.NotFound, await service.DisconnectAsync("nobody", removeEvents: true, Token));
    }

    public void Dispose()
    {
        _receiver.Dispose();
        _oauth?.Dispose();
        _services?.Dispose();
    }

    private async Task<(TableConnectionStore Store, EmulatorUser User, ConnectionRecord Record, PushChannelService Channels)> ConnectAsync(Uri? google = null)
    {
        google ??= emulator.BaseUri;
        var options = TestSettings.Google(google);
        options.NotificationUri = _receiver.Address;
        _oauth = new GoogleOAuthClient(options, _vault, TimeProvider.System);
        _services = new CalendarServiceFactory(options, TimeProvider.System);
        Options = options;
        var user = await EmulatorFixture.CreateUserAsync(google, cancellationToken: Token);
        var staffId = "staff-" + Guid.NewGuid().ToString("N")[..12];
        _vault.Tokens[staffId] = user.RefreshToken;
        var store = new TableConnectionStore(TestTables.Create(azurite));
        var record = await store.SaveAsync(
            new ConnectionRecord { Connection = new CalendarConnection(staffId, user.Email), TimeZoneId = "Europe/Berlin", Email = user.Email },
            Token);
        return (store, user, record, new PushChannelService(store, Channels(), new PushChannelOptions(), TimeProvider.System));
    }

    private GoogleOptions? Options { get; set; }

    private PushNotificationService Notifications(TableConnectionStore store) =>
        new(store, new TableWaitingPushSyncStore(TestTables.Create(azurite)), _queue, new SyncProcessorOptions(), TimeProvider.System);

    private TableSyncStateStore Leases() => new(TestTables.Create(azurite), TimeProvider.System);

    private GooglePushChannels Channels() => new(_oauth!, _services!, Options!, TimeProvider.System);

    private GoogleCalendarProvider Provider() => new(_oauth!, _services!, Options!, TimeProvider.System);

    private async Task<PushNotification> NextAsync()
    {
        var received = await _receiver.NextAsync(Wait) ?? throw new Xunit.Sdk.XunitException("No push notification arrived.");
        var headers = received.Headers;
        return new PushNotification(headers["X-Goog-Channel-ID"], headers["X-Goog-Channel-Token"], headers["X-Goog-Resource-ID"], headers["X-Goog-Resource-State"]);
    }

    private static CalendarEvent Event(string key)
    {
        var start = DateTimeOffset.UtcNow.AddDays(1);
        return new CalendarEvent
        {
            Id = EventIds.For(ItemKey.Parse($"appointment:{key}")),
            Summary = "Appointment",
            Start = EventDateTime.ForInstant(start, TimeZoneInfo.Utc),
            End = EventDateTime.ForInstant(start.AddHours(1), TimeZoneInfo.Utc),
            PrivateProperties = new Dictionary<string, string> { [EventIds.KeyProperty] = $"appointment:{key}", [EventIds.VersionProperty] = "1" },
        };
    }

    /// <summary>Counts the calendar's live events just before the grant first goes, the last moment they can be seen.</summary>
    private sealed class LookBeforeRevoking(ICalendarAuthorization inner, ICalendarProvider calendars, CalendarConnection connection) : ICalendarAuthorization
    {
        public int? LiveEventsBeforeRevoke { get; private set; }

        public ConsentRequest BeginConsent(string state, string? loginHint, bool readsBusyTimes = false, bool createsCalendar = false) =>
            inner.BeginConsent(state, loginHint, readsBusyTimes, createsCalendar);

        public Task<CalendarGrant> ExchangeCodeAsync(string code, string codeVerifier, CancellationToken cancellationToken) =>
            inner.ExchangeCodeAsync(code, codeVerifier, cancellationToken);

        public Task KeepAsync(string staffId, CalendarGrant grant, CancellationToken cancellationToken) => inner.KeepAsync(staffId, grant, cancellationToken);

        public Task RevokeAsync(CalendarGrant grant, CancellationToken cancellationToken) => inner.RevokeAsync(grant, cancellationToken);

        public async Task RevokeAsync(string staffId, CancellationToken cancellationToken)
        {
            if (LiveEventsBeforeRevoke is null)
            {
                var calendar = await calendars.OpenAsync(connection, cancellationToken);
                LiveEventsBeforeRevoke = (await calendar.ListEventsAsync(new EventListRequest { MaxResults = 250 }, cancellationToken)).Items.Count;
            }

            await inner.RevokeAsync(staffId, cancellationToken);
        }
    }

    private sealed class RecordingQueue : ISyncQueue
    {
        public ConcurrentQueue<SyncRequest> Requests { get; } = [];

        public Task EnqueueAsync(SyncRequest request, TimeSpan? delay, CancellationToken cancellationToken)
        {
            Requests.Enqueue(request);
            return Task.CompletedTask;
        }

        public Task EnqueuePagesAsync(IEnumerable<SyncRequestPage> pages, CancellationToken cancellationToken)
        {
            foreach (var request in pages.SelectMany(p => p.Requests))
            {
                Requests.Enqueue(request);
            }

            return Task.CompletedTask;
        }

        public Task MoveToPoisonAsync(string rawMessage, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
