using CalendarSync.Core.Connections;

namespace CalendarSync.Core.Sync;

/// <summary>The timer's sweep: pages through every enabled connection and queues one request for each, a page at a time.</summary>
public sealed class SyncScheduler(
    IConnectionStore connections, ISyncQueue queue, SyncProcessorOptions options, TimeProvider time, ISyncObserver observer) : ISyncScheduler
{
    public async Task ScheduleAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var queued = await QueueAllAsync(SyncReason.Schedule, cancellationToken);
        observer.SweepQueued(queued, time.GetElapsedTime(started));
    }

    /// <summary>Queues every enabled connection for <paramref name="reason"/>; answers how many.</summary>
    public async Task<int> QueueAllAsync(SyncReason reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var queued = 0;
        string? continuation = null;
        do
        {
            var page = await connections.ListEnabledAsync(continuation, options.SweepPageSize, cancellationToken);
            await queue.EnqueueManyAsync(page.Items.Select(c => new SyncRequest(c.StaffId, reason, now)), cancellationToken);
            queued += page.Items.Count;
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
