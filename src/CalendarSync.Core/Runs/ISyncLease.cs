namespace CalendarSync.Core.Runs;

/// <summary>
/// One sync per staff member at a time: a lease with an expiry, so that a crashed holder's lease frees itself
/// (on Table Storage in CalendarSync.Azure).
/// </summary>
public interface ISyncLease
{
    /// <summary>The staff member's lease until now + <paramref name="duration"/>; null while someone else holds an unexpired one.</summary>
    Task<SyncLease?> TryAcquireAsync(string staffId, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Extends a held lease to now + <paramref name="duration"/>; null if it was lost (it expired and someone else took it).</summary>
    Task<SyncLease?> RenewAsync(SyncLease lease, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease up; nothing if it was lost meanwhile.</summary>
    Task ReleaseAsync(SyncLease lease, CancellationToken cancellationToken);

    /// <summary>The staff members whose lease is held now (not expired): the runs under way, for the sweep to leave alone.</summary>
    Task<IReadOnlySet<string>> ListHeldAsync(CancellationToken cancellationToken);
}
