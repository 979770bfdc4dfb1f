using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Runs;

/// <summary>
/// How a finished run is recorded on its staff member's connection. The decision is made here, from the connection as
/// it is now and the run's result; the store only writes at the ETag read (<see cref="IConnectionStore.SaveAsync"/>).
/// </summary>
public static class RunRecording
{
    // Writers that do not take the lease (a push channel set by the sweep) can get in between; they are few and quick.
    private const int MaxAttempts = 10;

    /// <summary>A quiet run records itself on the connection at most this often, unless it changes what the connection shows.</summary>
    public static readonly TimeSpan QuietRecordInterval = TimeSpan.FromHours(1);

    /// <summary>A run the sync log keeps: one that wrote, met a conflict, listed in full, or did not succeed.</summary>
    public static bool IsWorthLogging(SyncRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return !result.Quiet && (result.Writes > 0 || result.Conflicts.Count > 0 || result.FullResync || result.Outcome != SyncOutcome.Succeeded);
    }

    /// <summary>
    /// Whether <paramref name="result"/> must be recorded on <paramref name="connection"/>: always, but for a quiet run that
    /// would change nothing the connection shows (status, last outcome, a last run that wrote nothing and said nothing), and
    /// whose last record is less than <see cref="QuietRecordInterval"/> old. So the first quiet run after one that changed
    /// something records that all is quiet now, and the ones after it write nothing; a quiet run that says what the
    /// connection shows already (a grant that does not cover free/busy) writes nothing either.
    /// </summary>
    public static bool IsDue(ConnectionRecord connection, SyncRunResult result, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(result);
        var shown = connection.Connection;
        return !result.Quiet
            || shown.Status != StatusAfter(result.Outcome)
            || shown.LastOutcome != result.Outcome
            || shown.LastSyncAt is not { } last
            || now - last >= QuietRecordInterval
            || connection.LastRunWrites != 0
            || connection.LastMessage != result.Message;
    }

    /// <summary>The status a run's outcome calls for on the connection it ran for.</summary>
    public static ConnectionStatus StatusAfter(SyncOutcome outcome) => outcome switch
    {
        SyncOutcome.ReauthRequired => ConnectionStatus.ReauthRequired,
        SyncOutcome.CalendarNotWritable or SyncOutcome.Failed => ConnectionStatus.Error,
        _ => ConnectionStatus.Active,
    };

    /// <summary>
    /// <paramref name="current"/> with the run recorded on it: when it finished, its outcome, writes and message, and the
    /// status the outcome calls for. A connection disabled since the run read it (<paramref name="ranFor"/>) stays
    /// disabled: a disconnect wins over a run that was under way. Null when the staff member connected anew since: the
    /// run was of the connection that was replaced, and the new one's first run records itself. The booking conflicts a
    /// review found after the run (<paramref name="knownConflicts"/>, <see cref="ConflictWatch"/>) replace the known ones.
    /// </summary>
    public static ConnectionRecord? Apply(
        ConnectionRecord current, ConnectionRecord ranFor, SyncRunResult result, DateTimeOffset finishedAt, string? knownConflicts = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(ranFor);
        ArgumentNullException.ThrowIfNull(result);
        if (!current.IsSameConnectionAs(ranFor))
        {
            return null;
        }

        return current with
        {
            Connection = current.Connection with
            {
                // A disconnect or a pause that came while the run was under way stands.
                Status = current.Connection.Status is ConnectionStatus.Disabled or ConnectionStatus.Paused
                    ? current.Connection.Status
                    : StatusAfter(result.Outcome),
                LastSyncAt = finishedAt,
                LastOutcome = result.Outcome,
            },
            LastRunWrites = result.Writes,
            LastMessage = result.Message,
            KnownConflicts = knownConflicts ?? current.KnownConflicts,
        };
    }

    /// <summary>
    /// Records <paramref name="result"/> on the connection the run read under its lease (<paramref name="ranFor"/>), at
    /// that read's ETag; when another writer got in between, reads the connection again and decides again. Answers the
    /// connection's status afterwards; <see cref="ConnectionStatus.Disabled"/> for a connection that is gone.
    /// </summary>
    public static async Task<ConnectionStatus> RecordRunAsync(
        this IConnectionStore connections, ConnectionRecord ranFor, SyncRunResult result, DateTimeOffset finishedAt, CancellationToken cancellationToken,
        string? knownConflicts = null)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(ranFor);
        var current = ranFor;
        for (var attempt = 1; ; attempt++)
        {
            if (Apply(current, ranFor, result, finishedAt, knownConflicts) is not { } recorded)
            {
                return current.Connection.Status;
            }

            try
            {
                await connections.SaveAsync(recorded, cancellationToken);
                return recorded.Connection.Status;
            }
            catch (ConnectionChangedException) when (attempt < MaxAttempts)
            {
                if (await connections.GetAsync(ranFor.StaffId, cancellationToken) is not { } changed)
                {
                    return ConnectionStatus.Disabled;
                }

                current = changed;
            }
        }
    }
}
