using CalendarSync.Core.Connections;

namespace CalendarSync.Core.Runs;

/// <summary>
/// Queues sync requests: one staff member's (a <see cref="SyncRequest"/>), or every enabled connection's, read a page
/// (<c>Sync__SweepPageSize</c>) at a time and queued <c>Sync__SweepMessageSize</c> to a message (<see cref="SyncRequestPage"/>).
/// The sweep, a manual "sync everyone" and a closure's <c>?sync=now</c> all queue through here.
/// </summary>
public sealed class SyncScheduler(IConnectionStore connections, ISyncQueue queue, SyncProcessorOptions options, TimeProvider time)
{
    /// <summary>Queues every enabled connection for <paramref name="reason"/>; answers how many staff members (not messages).</summary>
    public async Task<int> QueueAllAsync(SyncReason reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var queued = 0;
        string? continuation = null;
        do
        {
            var page = await connections.ListEnabledAsync(continuation, options.SweepPageSize, cancellationToken);
            await queue.EnqueuePagesAsync(
                page.Items.Chunk(options.SweepMessageSize).Select(chunk => new SyncRequestPage(chunk.Select(c => c.StaffId), reason, now)),
                cancellationToken);
            queued += page.Items.Count;
            continuation = page.Continuation;
        }
        while (continuation is not null);

        return queued;
    }

    /// <summary>Queues one staff member's connection; false when there is none or it is not enabled.</summary>
    public async Task<bool> QueueAsync(string staffId, SyncReason reason, CancellationToken cancellationToken) =>
        await QueueAsync(await connections.GetAsync(staffId, cancellationToken), reason, cancellationToken);

    /// <summary>
    /// Queues the connection read already; false when there is none or it is not enabled. Only a connection the sweep
    /// would sync can be synced now: the queue function drops a request for any other.
    /// </summary>
    public async Task<bool> QueueAsync(ConnectionRecord? connection, SyncReason reason, CancellationToken cancellationToken)
    {
        if (connection is not { IsEnabled: true })
        {
            return false;
        }

        await queue.EnqueueAsync(new SyncRequest(connection.StaffId, reason, time.GetUtcNow()), delay: null, cancellationToken);
        return true;
    }
}
