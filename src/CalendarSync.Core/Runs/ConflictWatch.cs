using CalendarSync.Core.Connections;
using CalendarSync.Core.Data;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Runs;

/// <summary>
/// After a run that wrote something, the staff member's booking conflicts as they stand now (<see cref="ConflictReport"/>),
/// and each one the connection did not know of reported once (<see cref="ISyncObserver.NewConflicts"/>: a warning and a
/// metric, which the Bicep's alert reads). The conflicts found are remembered on the connection with the run's own record
/// (<see cref="ConnectionRecord.KnownConflicts"/>), so no write of its own: a conflict that goes and comes back is new
/// again. A run that wrote nothing changed no conflict, and costs no read.
/// </summary>
public sealed class ConflictWatch(ConflictReport report, ISyncObserver observer)
{
    /// <summary>A connection row remembers at most this many; beyond them, a conflict may be reported more than once.</summary>
    public const int MaxRemembered = 500;

    /// <summary>The conflicts to remember on the connection after <paramref name="result"/>; null when there is nothing to review.</summary>
    public async Task<string?> ReviewAsync(ConnectionRecord connection, SyncRunResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Writes == 0)
        {
            return null;
        }

        var conflicts = await report.ListAsync(connection, cancellationToken);
        var known = (connection.KnownConflicts ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var fresh = conflicts.Where(c => !known.Contains(c.Key)).DistinctBy(c => c.Key).ToList();
        if (fresh.Count > 0)
        {
            observer.NewConflicts(connection.StaffId, fresh);
        }

        return string.Join(' ', conflicts.Select(c => c.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(MaxRemembered));
    }
}
