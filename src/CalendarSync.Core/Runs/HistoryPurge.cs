using CalendarSync.Core.Connections;
using CalendarSync.Core.Data;

namespace CalendarSync.Core.Runs;

/// <summary>
/// Removes what nobody needs any more: tombstones of deletes every staff member's sync has long pushed, and sync log
/// rows past their retention, and connect links and consents that expired unused.
/// </summary>
public sealed class HistoryPurge(IAppointmentStore appointments, ISyncLog log, IPendingAuthorizationStore pending, TimeProvider time)
{
    public async Task<PurgeResult> PurgeAsync(TimeSpan tombstoneRetention, TimeSpan syncLogRetention, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var tombstones = await appointments.PurgeTombstonesAsync(now - tombstoneRetention, cancellationToken);
        var syncLogRows = await log.PurgeAsync(now - syncLogRetention, cancellationToken);
        var expiredConsents = await pending.PurgeExpiredAsync(now, cancellationToken);
        return new PurgeResult(tombstones, syncLogRows, expiredConsents);
    }
}
