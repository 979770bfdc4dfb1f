namespace CalendarSync.Core.Runs;

/// <summary>
/// One sync per staff member at a time: a lease with an expiry, so that a crashed holder's lease frees itself
/// (on the staff member's control row: <see cref="Sync.ISyncStateStore"/>).
/// </summary>
public interface ISyncLease
{
    /// <summary>The staff member's lease until now + <paramref name="duration"/>; null while someone else holds an unexpired one.</summary>
    Task<SyncLease?> TryAcquireAsync(string staffId, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease up; nothing if it was lost meanwhile.</summary>
    Task ReleaseAsync(SyncLease lease, CancellationToken cancellationToken);
}
