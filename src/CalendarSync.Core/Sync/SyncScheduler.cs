using CalendarSync.Core.Connections;

namespace CalendarSync.Core.Sync;

/// <summary>
/// The timer's sweep: pages through every enabled connection and queues one request for each, a page at a time, except
/// for staff members whose sync is under way (their lease is held): that run would drop the request anyway.
/// </summary>
public sealed class SyncScheduler(
    IConnectionStore connections, ISyncQueue queue, ISyncLease leases, SyncProcessorOptions options, TimeProvider time, ISyncObserver observer)
    : ISyncScheduler
{
    public async Task ScheduleAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var running = await leases.ListHeldAsync(cancellationToken);
        var queued = await QueueAllAsync(SyncReason.Schedule, running, cancellationToken);
        observer.SweepQueued(queued, running.Count, time.GetElapsedTime(started));
    }

    /// <summary>Queues every enabled connection for <paramref name="reason"/>; answers how many.</summary>
    public Task<int> QueueAllAsync(SyncReason reason, CancellationToken cancellationToken) =>
        QueueAllAsync(reason, new HashSet<string>(), cancellationToken);

    private async Task<int> QueueAllAsync(SyncReason reason, IReadOnlySet<string> except, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var queued = 0;
        string? continuation = null;
        do
        {
            var page = await connections.ListEnabledAsync(continuation, options.SweepPageSize, cancellationToken);
            var requests = page.Items.Where(c => !except.Contains(c.StaffId)).Select(c => new SyncRequest(c.StaffId, reason, now)).ToList();
            await queue.EnqueueManyAsync(requests, cancellationToken);
            queued += requests.Count;
            continuation = page.Continuation;
        }
        while (continuation is not null);

        return queued;
    }

    /// <summary>Queues one staff member's connection; false when there is none or it is not enabled.</summary>
    public async Task<bool> QueueAsync(string staffId, SyncReason reason, CancellationToken cancellationToken)
    {
        var record = await connections.GetAsync(staffId, cancellationToken);
        if (record is not { IsEnabled: true })
        {
            return false;
        }

        await queue.EnqueueAsync(new SyncRequest(staffId, reason, time.GetUtcNow()), delay: null, cancellationToken);
        return true;
    }
}
