using CalendarSync.Core.Connections;

namespace CalendarSync.Core.Sync;

/// <summary>The timer's sweep: pages through every enabled connection and queues one request for each, a page at a time.</summary>
public sealed class SyncScheduler(
    IConnectionStore connections, ISyncQueue queue, SyncProcessorOptions options, TimeProvider time, ISyncObserver observer) : ISyncScheduler
{
    public async Task ScheduleAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var now = time.GetUtcNow();
        var queued = 0;
        string? continuation = null;
        do
        {
            var page = await connections.ListEnabledAsync(continuation, options.SweepPageSize, cancellationToken);
            await queue.EnqueueManyAsync(page.Items.Select(c => new SyncRequest(c.StaffId, SyncReason.Schedule, now)), cancellationToken);
            queued += page.Items.Count;
            continuation = page.Continuation;
        }
        while (continuation is not null);

        observer.SweepQueued(queued, time.GetElapsedTime(started));
    }
}
