using CalendarSync.Core.Runs;
using CalendarSync.Functions.Monitoring;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Sync;

/// <summary>The safety net: every enabled connection is queued for a sync on the schedule in SYNC_SCHEDULE.</summary>
public sealed class ScheduleSyncsFunction(
    SyncSweep sweep, SyncTelemetry telemetry, SweepGauges gauges, ILogger<ScheduleSyncsFunction> logger)
{
    [Function(nameof(ScheduleSyncs))]
    public async Task ScheduleSyncs([TimerTrigger("%SYNC_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (timer.IsPastDue)
        {
            logger.LogWarning("ScheduleSyncs is running late; the previous schedule was missed (last run {LastRun})",
                timer.ScheduleStatus?.Last);
        }

        telemetry.Swept(await sweep.RunAsync(cancellationToken));
        await gauges.ReportAsync(cancellationToken);
    }
}
