using CalendarSync.Core.Connections;

namespace CalendarSync.Core.Runs;

/// <summary>
/// The safety net, the same in every host (the timer, <c>calsync sweep</c>, the benchmarks): a scheduled sync queued for
/// every enabled connection, then push channels opened and renewed. A staff member whose sync is under way gets one too:
/// the queue function drops it after one read of the control row, which is cheaper than finding the runs under way here.
/// It answers what it did; each host reports that its own way.
/// </summary>
public sealed class SyncSweep(SyncScheduler scheduler, PushChannelService pushChannels, TimeProvider time)
{
    public async Task<SweepResult> RunAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var queued = await scheduler.QueueAllAsync(SyncReason.Schedule, cancellationToken);

        // After the queueing, so a slow or failing Google never delays the safety net.
        var channels = await pushChannels.RenewAsync(cancellationToken);
        return new SweepResult(queued, channels, time.GetElapsedTime(started));
    }
}
