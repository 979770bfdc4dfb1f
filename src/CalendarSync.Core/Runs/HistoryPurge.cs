using CalendarSync.Core.Connections;
using CalendarSync.Core.Data;
using CalendarSync.Core.History;

namespace CalendarSync.Core.Runs;

/// <summary>
/// Removes what nobody needs any more: tombstones of deletes every staff member's sync has long pushed, and sync log
/// rows and item history entries past their retention, and connect links and consents that expired unused.
/// </summary>
public sealed class HistoryPurge(
    IAppointmentStore appointments, ISyncLog log, IPendingAuthorizationStore pending, IReadOnlyList<IItemHistorySource> itemHistory, TimeProvider time)
{
    public async Task<PurgeResult> PurgeAsync(
        TimeSpan tombstoneRetention, TimeSpan syncLogRetention, TimeSpan itemHistoryRetention, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var tombstones = await appointments.PurgeTombstonesAsync(now - tombstoneRetention, cancellationToken);
        var syncLogRows = await log.PurgeAsync(now - syncLogRetention, cancellationToken);
        var historyEntries = 0;
        foreach (var source in itemHistory)
        {
            historyEntries += await source.PurgeHistoryAsync(now - itemHistoryRetention, cancellationToken);
        }

        var expiredConsents = await pending.PurgeExpiredAsync(now, cancellationToken);
        return new PurgeResult(tombstones, syncLogRows, expiredConsents) { ItemHistoryEntries = historyEntries };
    }
}
