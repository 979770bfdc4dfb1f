using CalendarSync.Core.Connections;
using CalendarSync.Core.Sync;
using CalendarSync.Functions.Monitoring;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Sync;

/// <summary>The safety net: every enabled connection is queued for a sync on the schedule in SYNC_SCHEDULE.</summary>
public sealed class ScheduleSyncsFunction(
    ISyncScheduler scheduler, PushChannelService pushChannels, SweepGauges gauges, ILogger<ScheduleSyncsFunction> logger)
{
    [Function(nameof(ScheduleSyncs))]
    public async Task ScheduleSyncs([TimerTrigger("%SYNC_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (timer.IsPastDue)
        {
            logger.LogWarning("ScheduleSyncs is running late; the previous schedule was missed (last run {LastRun})",
                timer.ScheduleStatus?.Last);
        }

        await scheduler.ScheduleAsync(cancellationToken);
        await gauges.ReportAsync(cancellationToken);

        // After the queueing, so a slow or failing Google never delays the safety net.
        var renewal = await pushChannels.RenewAsync(cancellationToken);
        foreach (var (staffId, error) in renewal.Failures)
        {
            logger.LogWarning(error, "The push channel of staff member {StaffId} could not be opened; the next sweep tries again", staffId);
        }

        if (renewal.Renewed > 0 || renewal.Failures.Count > 0)
        {
            logger.LogInformation("Push channels: {Renewed} opened or renewed, {Failed} failed", renewal.Renewed, renewal.Failures.Count);
        }
    }
}
