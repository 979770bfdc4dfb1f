using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;

namespace CalendarSync.Functions.Tests.Fakes;

/// <summary>Connections, the sync queue, leases, waiting-push marks, push channels and grants in memory, for the HTTP functions' tests.</summary>
internal sealed class InMemoryConnections
    : IConnectionStore, ISyncQueue, ISyncLease, IWaitingPushSyncStore, IPushChannels, ICalendarAuthorization, ICalendarProvider
{
    private readonly Dictionary<string, ConnectionRecord> _records = [];
    private readonly Dictionary<string, WaitingPushSync> _waitingPushes = [];

    public List<SyncRequest> Queued { get; } = [];

    public List<string> Revoked { get; } = [];

    /// <summary>Staff members whose sync lease is held (never expires here).</summary>
    public HashSet<string> Leased { get; } = [];

    public ConnectionRecord this[string staffId] => _records[staffId];

    public bool IsEnabled => true;

    /// <summary>Staff members whose channel cannot be opened.</summary>
    public HashSet<string> WatchFailsFor { get; } = [];

    public void Add(ConnectionRecord record) => _records[record.StaffId] = record;

    public Task<ConnectionRecord?> GetAsync(string staffId, CancellationToken cancellationToken) => Task.FromResult(_records.GetValueOrDefault(staffId));

    public Task<ConnectionRecord> SaveAsync(ConnectionRecord record, CancellationToken cancellationToken)
    {
        _records[record.StaffId] = record;
        return Task.FromResult(record);
    }

    public Task<ConnectionPage> ListEnabledAsync(string? continuation, int pageSize, CancellationToken cancellationToken) =>
        Task.FromResult(OnePage(continuation, r => r.IsEnabled));

    public Task<ConnectionPage> ListAllAsync(string? continuation, int pageSize, CancellationToken cancellationToken) =>
        Task.FromResult(OnePage(continuation, _ => true));

    public Task SetChannelAsync(string staffId, PushChannel? channel, CancellationToken cancellationToken)
    {
        _records[staffId] = _records[staffId] with { Channel = channel };
        return Task.CompletedTask;
    }

    public Task SetOtherChannelsAsync(string staffId, IReadOnlyList<PushChannel> channels, CancellationToken cancellationToken)
    {
        _records[staffId] = _records[staffId] with { OtherChannels = channels };
        return Task.CompletedTask;
    }

    public Task<ConnectionRecord?> FindByChannelAsync(string channelId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.Values.FirstOrDefault(r => r.ChannelNamed(channelId) is not null));

    public Task EnqueueAsync(SyncRequest request, TimeSpan? delay, CancellationToken cancellationToken)
    {
        Queued.Add(request);
        return Task.CompletedTask;
    }

    public Task EnqueuePagesAsync(IEnumerable<SyncRequestPage> pages, CancellationToken cancellationToken)
    {
        Queued.AddRange(pages.SelectMany(p => p.Requests));
        return Task.CompletedTask;
    }

    public Task MoveToPoisonAsync(string rawMessage, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<SyncLease?> TryAcquireAsync(string staffId, TimeSpan duration, CancellationToken cancellationToken) =>
        Task.FromResult(Leased.Add(staffId) ? new SyncLease(staffId, "holder", DateTimeOffset.MaxValue, "1") : null);


    public Task ReleaseAsync(SyncLease lease, CancellationToken cancellationToken)
    {
        Leased.Remove(lease.StaffId);
        return Task.CompletedTask;
    }


    public Task<WaitingPushSync?> FindAsync(string staffId, CancellationToken cancellationToken) =>
        Task.FromResult(_waitingPushes.GetValueOrDefault(staffId));

    public Task<WaitingPushSync?> TryMarkAsync(string staffId, DateTimeOffset expiresAt, WaitingPushSync? replacing, CancellationToken cancellationToken)
    {
        if (_waitingPushes.GetValueOrDefault(staffId)?.Version != replacing?.Version)
        {
            return Task.FromResult<WaitingPushSync?>(null);
        }

        var mark = new WaitingPushSync(staffId, expiresAt, Guid.NewGuid().ToString("N"));
        _waitingPushes[staffId] = mark;
        return Task.FromResult<WaitingPushSync?>(mark);
    }

    public Task ClearAsync(string staffId, CancellationToken cancellationToken)
    {
        _waitingPushes.Remove(staffId);
        return Task.CompletedTask;
    }

    public Task<WatchedChannel> WatchAsync(
        CalendarConnection connection, string calendarId, string channelId, string token, TimeSpan timeToLive, CancellationToken cancellationToken) =>
        WatchFailsFor.Contains(connection.StaffId)
            ? Task.FromException<WatchedChannel>(new CalendarTransientException("Google answered 503", null))
            : Task.FromResult(new WatchedChannel("resource-" + connection.StaffId, DateTimeOffset.UnixEpoch.AddYears(100)));

    public Task StopAsync(CalendarConnection connection, string channelId, string resourceId, CancellationToken cancellationToken) => Task.CompletedTask;

    public ConsentRequest BeginConsent(string state, string? loginHint, bool readsBusyTimes = false, bool createsCalendar = false) =>
        throw new NotSupportedException();

    public Task<CalendarGrant> ExchangeCodeAsync(string code, string codeVerifier, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task KeepAsync(string staffId, CalendarGrant grant, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RevokeAsync(CalendarGrant grant, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RevokeAsync(string staffId, CancellationToken cancellationToken)
    {
        Revoked.Add(staffId);
        return Task.CompletedTask;
    }

    public Task<ICalendar> OpenAsync(CalendarConnection connection, string calendarId, CancellationToken cancellationToken) =>
        Task.FromException<ICalendar>(new CalendarGrantRevokedException("no calendar in these tests", null));

    // Everything comes in one page, which hands out no continuation: any continuation is refused, as the Table store refuses a foreign one.
    private ConnectionPage OnePage(string? continuation, Func<ConnectionRecord, bool> which) =>
        continuation is null ? new ConnectionPage(_records.Values.Where(which).ToList(), null) : throw new InvalidContinuationException();
}
