using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Sync;

/// <summary>Per staff member: the sync state and one status per synced item (on Table Storage in CalendarSync.Azure).</summary>
public interface ISyncStateStore
{
    /// <summary>The saved state, or <see cref="SyncState.Initial"/> for a staff member never synced.</summary>
    Task<SyncState> GetStateAsync(string staffId, CancellationToken cancellationToken);

    Task SaveStateAsync(SyncState state, CancellationToken cancellationToken);

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
