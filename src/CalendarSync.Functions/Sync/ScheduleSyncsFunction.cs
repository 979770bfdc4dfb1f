using CalendarSync.Core.Sync;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Sync;

/// <summary>The safety net: every enabled connection is queued for a sync on the schedule in SYNC_SCHEDULE.</summary>
public sealed class ScheduleSyncsFunction(ISyncScheduler scheduler, ILogger<ScheduleSyncsFunction> logger)
{
    [Function(nameof(ScheduleSyncs))]
    public Task ScheduleSyncs([TimerTrigger("%SYNC_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (timer.IsPastDue)
        {
            logger.LogWarning("ScheduleSyncs is running late; the previous schedule was missed (last run {LastRun})",
                timer.ScheduleStatus?.Last);
        }

        return scheduler.ScheduleAsync(cancellationToken);
    }
}
