using CalendarSync.Core.Connections;

namespace CalendarSync.Core.Runs;

/// <summary>
/// The safety net, the same in every host (the timer, <c>calsync sweep</c>, the benchmarks): a scheduled sync queued for
/// every enabled connection, except staff members whose sync is under way (their lease is held: that run would drop the
/// request anyway), then push channels opened and renewed. It answers what it did; each host reports that its own way.
/// </summary>
public sealed class SyncSweep(SyncScheduler scheduler, ISyncLease leases, PushChannelService pushChannels, TimeProvider time)
{
    public async Task<SweepResult> RunAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var running = await leases.ListHeldAsync(cancellationToken);
        var queued = await scheduler.QueueAllAsync(SyncReason.Schedule, running, cancellationToken);

        // After the queueing, so a slow or failing Google never delays the safety net.
        var channels = await pushChannels.RenewAsync(cancellationToken);
        return new SweepResult(queued, running.Count, channels, time.GetElapsedTime(started));
    }
}
