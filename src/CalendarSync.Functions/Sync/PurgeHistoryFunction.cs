using CalendarSync.Azure;
using CalendarSync.Core.Runs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Sync;

/// <summary>
/// Once a day (PURGE_SCHEDULE): delete tombstones older than Sync__TombstoneRetentionDays, SyncLog rows older than
/// Sync__SyncLogRetentionDays and item history older than Sync__ItemHistoryRetentionDays, so the tables do not grow for ever.
/// </summary>
public sealed class PurgeHistoryFunction(HistoryPurge purge, AzureStorageOptions retention, ILogger<PurgeHistoryFunction> logger)
{
    [Function(nameof(PurgeHistory))]
    public async Task PurgeHistory([TimerTrigger("%PURGE_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (timer.IsPastDue)
        {
            logger.LogWarning("PurgeHistory is running late; the previous schedule was missed (last run {LastRun})", timer.ScheduleStatus?.Last);
        }

        var purged = await purge.PurgeAsync(
            TimeSpan.FromDays(retention.TombstoneRetentionDays), TimeSpan.FromDays(retention.SyncLogRetentionDays),
            TimeSpan.FromDays(retention.ItemHistoryRetentionDays), cancellationToken);
        logger.LogInformation(
            "Purged {Tombstones} delete tombstones older than {TombstoneDays} days, {SyncLogRows} sync log rows older than {SyncLogDays} days, {ItemHistoryEntries} item history entries older than {ItemHistoryDays} days and {ExpiredConsents} expired connect links and consents",
            purged.Tombstones, retention.TombstoneRetentionDays, purged.SyncLogRows, retention.SyncLogRetentionDays,
            purged.ItemHistoryEntries, retention.ItemHistoryRetentionDays, purged.ExpiredConsents);
    }
}
