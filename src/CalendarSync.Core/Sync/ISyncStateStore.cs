using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;

namespace CalendarSync.Core.Sync;

/// <summary>
/// Per staff member: a control row holding the sync state and the staff member's lease, and one status per item of
/// theirs that the sync writes to Google (on Table Storage in CalendarSync.Azure). A Google-origin block's status is
/// stored with the block instead (<see cref="Data.GoogleBlockWrite.Status"/>). The lease is the same one <see cref="ISyncLease"/> hands out, so a run, a
/// disconnect and a reset exclude each other; a state write is made at the lease's version, so a run whose lease was
/// taken over cannot write state any more.
/// </summary>
public interface ISyncStateStore : ISyncLease
{
    /// <summary>The control row in one read: state, lease and version; <see cref="SyncControl.Initial"/> for a staff member never synced.</summary>
    Task<SyncControl> GetControlAsync(string staffId, CancellationToken cancellationToken);

    /// <summary>The lease until now + <paramref name="duration"/>, if the control row is still as <paramref name="read"/> and not held; null otherwise.</summary>
    Task<SyncLease?> TryAcquireAsync(SyncControl read, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Saves the state under the lease and answers the lease at its new version; <see cref="LeaseLostException"/> if it is no longer held.</summary>
    Task<SyncLease> SaveStateAsync(SyncLease lease, SyncState state, CancellationToken cancellationToken);

    /// <summary>Saves the state and gives the lease up in one write; <see cref="LeaseLostException"/> (and nothing written) if it was lost.</summary>
    Task FinishAsync(SyncLease lease, SyncState state, CancellationToken cancellationToken);

    Task<ItemSyncStatus?> GetItemAsync(string staffId, ItemKey key, CancellationToken cancellationToken);

    /// <summary>The statuses of those of <paramref name="keys"/> that have one: a page's worth in one round trip, not one per item.</summary>
    Task<IReadOnlyDictionary<ItemKey, ItemSyncStatus>> GetItemsAsync(string staffId, IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Saves and removes statuses (removing one that is not there does nothing): a page's worth in a few round trips (on
    /// Table Storage, one transaction per 100). A key written twice keeps its last write. When it throws, any part of the
    /// batch may have been written; callers write statuses only after what they record, so a replay repeats them harmlessly.
    /// </summary>
    Task WriteItemsAsync(string staffId, IReadOnlyList<ItemStatusWrite> writes, CancellationToken cancellationToken);

    /// <summary>Pages through a staff member's statuses in a stable order; deleting a status while paging must not skip others.</summary>
    Task<ItemStatusPage> ListItemsAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken);

    Task<int> CountItemsAsync(string staffId, CancellationToken cancellationToken);
}
