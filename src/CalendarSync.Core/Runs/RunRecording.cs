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
    /// run was of the connection that was replaced, and the new one's first run records itself.
    /// </summary>
    public static ConnectionRecord? Apply(ConnectionRecord current, ConnectionRecord ranFor, SyncRunResult result, DateTimeOffset finishedAt)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(ranFor);
        ArgumentNullException.ThrowIfNull(result);
        if (current.ConnectedAt != ranFor.ConnectedAt || current.Connection.CalendarId != ranFor.Connection.CalendarId)
        {
            return null;
        }

        return current with
        {
            Connection = current.Connection with
            {
                Status = current.Connection.Status == ConnectionStatus.Disabled ? ConnectionStatus.Disabled : StatusAfter(result.Outcome),
                LastSyncAt = finishedAt,
                LastOutcome = result.Outcome,
            },
            LastRunWrites = result.Writes,
            LastMessage = result.Message,
        };
    }

    /// <summary>
    /// Records <paramref name="result"/> on the connection the run read under its lease (<paramref name="ranFor"/>), at
    /// that read's ETag; when another writer got in between, reads the connection again and decides again. Answers the
    /// connection's status afterwards; <see cref="ConnectionStatus.Disabled"/> for a connection that is gone.
    /// </summary>
    public static async Task<ConnectionStatus> RecordRunAsync(
        this IConnectionStore connections, ConnectionRecord ranFor, SyncRunResult result, DateTimeOffset finishedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(ranFor);
        var current = ranFor;
        for (var attempt = 1; ; attempt++)
        {
            if (Apply(current, ranFor, result, finishedAt) is not { } recorded)
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
