using System.Collections.Concurrent;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Tests.Fakes;

/// <summary>
/// The function app's ports in memory: connections, lease, waiting-push marks, queue, log, a calendar provider, an observer.
/// The lease is the control row's of <see cref="States"/> (as in the app, where the state store hands it out), so a run
/// and a disconnect exclude each other here too.
/// </summary>
public sealed class InMemoryFunctionPorts : IConnectionStore, ISyncLease, IWaitingPushSyncStore, ISyncQueue, ISyncLog, ISyncObserver
{
    private readonly ConcurrentDictionary<string, ConnectionRecord> _connections = new();

    public InMemoryFunctionPorts(TimeProvider clock, InMemorySyncStateStore? states = null)
    {
        States = states ?? new InMemorySyncStateStore(clock);
        States.Events = Events;
    }

    public InMemorySyncStateStore States { get; }

    public List<(SyncRequest Request, TimeSpan? Delay)> Queued { get; } = [];

    /// <summary>The sweep's pages, a message each.</summary>
    public List<SyncRequestPage> QueuedPages { get; } = [];

    public List<string> Poisoned { get; } = [];

    /// <summary>The sync log's rows: runs that did something or failed.</summary>
    public List<SyncRunResult> Log { get; } = [];

    /// <summary>Every completed run, quiet ones included, as the observer saw them.</summary>
    public List<SyncRunResult> Runs { get; } = [];

    public List<string> Events { get; } = [];

    public InMemoryWaitingPushSyncStore WaitingPushes { get; } = new();

    /// <summary>Thrown by the next enqueue (and only that one), as a storage outage would.</summary>
    public Exception? NextEnqueueFailure { get; set; }

    /// <summary>Runs once, before the next lease is taken: another holder of the lease getting in first.</summary>
    public Func<Task>? BeforeNextAcquire
    {
        get => States.BeforeNextAcquire;
        set => States.BeforeNextAcquire = value;
    }

    /// <summary>Stores <paramref name="record"/> as it is, whatever is there (a test's setup, not a writer's).</summary>
    public void Add(ConnectionRecord record) => _connections[record.StaffId] = record with { ETag = NewETag() };

    public ConnectionRecord this[string staffId] => _connections[staffId];

    /// <summary>Runs once, after the next connection read and before it is answered: a writer getting in just after it.</summary>
    public Func<Task>? AfterNextGet { get; set; }

    public async Task<ConnectionRecord?> GetAsync(string staffId, CancellationToken cancellationToken)
    {
        var read = _connections.GetValueOrDefault(staffId);
        if (AfterNextGet is { } after)
        {
            AfterNextGet = null;
            await after();
        }

        return read;
    }

    public Task<ConnectionRecord> SaveAsync(ConnectionRecord record, CancellationToken cancellationToken)
    {
        // As the table store: a create only where there is none, a replace only of the version read.
        var saved = record with { ETag = NewETag() };
        var written = record.ETag is null
            ? _connections.TryAdd(record.StaffId, saved)
            : _connections.TryGetValue(record.StaffId, out var current) && current.ETag == record.ETag
              && _connections.TryUpdate(record.StaffId, saved, current);
        return written
            ? Task.FromResult(saved)
            : Task.FromException<ConnectionRecord>(
                new ConnectionChangedException($"The connection of staff member {record.StaffId} changed (or exists) since it was read."));
    }

    public Task<ConnectionPage> ListEnabledAsync(string? continuation, int pageSize, CancellationToken cancellationToken) =>
        Task.FromResult(Page(_connections.Values.Where(c => c.IsEnabled), continuation, pageSize));

    public Task<ConnectionPage> ListAllAsync(string? continuation, int pageSize, CancellationToken cancellationToken) =>
        Task.FromResult(Page(_connections.Values, continuation, pageSize));

    public Task SetChannelAsync(string staffId, PushChannel? channel, CancellationToken cancellationToken)
    {
        if (_connections.TryGetValue(staffId, out var record))
        {
            _connections[staffId] = record with { Channel = channel, ETag = NewETag() };
        }

        return Task.CompletedTask;
    }

    public Task SetOtherChannelsAsync(string staffId, IReadOnlyList<PushChannel> channels, CancellationToken cancellationToken)
    {
        _connections[staffId] = _connections[staffId] with { OtherChannels = channels, ETag = NewETag() };
        return Task.CompletedTask;
    }

    public Task<ConnectionRecord?> FindByChannelAsync(string channelId, CancellationToken cancellationToken) =>
        Task.FromResult(_connections.Values.FirstOrDefault(c => c.ChannelNamed(channelId) is not null));

    public Task<SyncLease?> TryAcquireAsync(string staffId, TimeSpan duration, CancellationToken cancellationToken) =>
        States.TryAcquireAsync(staffId, duration, cancellationToken);

    public Task ReleaseAsync(SyncLease lease, CancellationToken cancellationToken) => States.ReleaseAsync(lease, cancellationToken);

    public bool IsLeased(string staffId) => States.IsLeased(staffId);

    public Task<WaitingPushSync?> FindAsync(string staffId, CancellationToken cancellationToken) =>
        WaitingPushes.FindAsync(staffId, cancellationToken);

    public async Task<WaitingPushSync?> TryMarkAsync(
        string staffId, DateTimeOffset expiresAt, WaitingPushSync? replacing, CancellationToken cancellationToken)
    {
        var mark = await WaitingPushes.TryMarkAsync(staffId, expiresAt, replacing, cancellationToken);
        Events.Add(mark is null ? $"mark push lost {staffId}" : $"mark push {staffId}");
        return mark;
    }

    public Task ClearAsync(string staffId, CancellationToken cancellationToken)
    {
        Events.Add($"clear push {staffId}");
        return WaitingPushes.ClearAsync(staffId, cancellationToken);
    }

    public Task EnqueueAsync(SyncRequest request, TimeSpan? delay, CancellationToken cancellationToken)
    {
        if (NextEnqueueFailure is { } failure)
        {
            NextEnqueueFailure = null;
            return Task.FromException(failure);
        }

        Queued.Add((request, delay));
        return Task.CompletedTask;
    }

    public Task EnqueuePagesAsync(IEnumerable<SyncRequestPage> pages, CancellationToken cancellationToken)
    {
        QueuedPages.AddRange(pages);
        return Task.CompletedTask;
    }

    public Task MoveToPoisonAsync(string rawMessage, CancellationToken cancellationToken)
    {
        Poisoned.Add(rawMessage);
        return Task.CompletedTask;
    }

    public Task WriteAsync(SyncRunResult result, CancellationToken cancellationToken)
    {
        Log.Add(result);
        return Task.CompletedTask;
    }

    public Task<SyncLogPage> ListAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The processor does not read the log.");

    public Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => Task.FromResult(0);

    public void Completed(SyncRunResult result, ConnectionStatus status)
    {
        Runs.Add(result);
        Events.Add($"completed {result.StaffId} {result.Outcome} {status}");
    }

    public void Failed(SyncRunResult result) => Events.Add($"failed {result.StaffId} {result.Error}");

    public void Skipped(SyncRequest request, string reason) => Events.Add($"skipped {request.StaffId}: {reason}");

    public void Requeued(SyncRequest request, string reason) => Events.Add($"requeued {request.StaffId}: {reason}");

    public void MalformedRequest(string problem) => Events.Add($"malformed: {problem}");

    public void NewConflicts(string staffId, IReadOnlyList<Core.Data.BookingConflict> conflicts) =>
        Events.AddRange(conflicts.Select(c => $"conflict {staffId} {c.AppointmentId} {c.GoogleEventId}"));

    private static string NewETag() => Guid.NewGuid().ToString("N");

    // The continuation is the last staff id handed out; anything else is refused as the Table store refuses it.
    private static ConnectionPage Page(IEnumerable<ConnectionRecord> all, string? continuation, int pageSize)
    {
        if (continuation is not null && !ItemId.IsValid(continuation))
        {
            throw new InvalidContinuationException();
        }

        var ordered = all.OrderBy(c => c.StaffId, StringComparer.Ordinal)
            .Where(c => continuation is null || string.CompareOrdinal(c.StaffId, continuation) > 0)
            .Take(pageSize + 1)
            .ToList();
        return ordered.Count > pageSize
            ? new ConnectionPage(ordered.Take(pageSize).ToList(), ordered[pageSize - 1].StaffId)
            : new ConnectionPage(ordered, null);
    }
}

/// <summary>Opens the one fake calendar, or fails as a revoked grant does.</summary>
public sealed class FakeCalendarProvider(ICalendar calendar) : ICalendarProvider
{
    public Exception? Failure { get; set; }

    public Task<ICalendar> OpenAsync(CalendarConnection connection, string calendarId, CancellationToken cancellationToken) =>
        Failure is null ? Task.FromResult(calendar) : Task.FromException<ICalendar>(Failure);
}
