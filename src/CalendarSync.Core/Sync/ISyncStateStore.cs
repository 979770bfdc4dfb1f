using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Sync;

/// <summary>Per staff member: the sync state and one status per synced item (on Table Storage in CalendarSync.Azure).</summary>
public interface ISyncStateStore
{
    /// <summary>The saved state, or <see cref="SyncState.Initial"/> for a staff member never synced.</summary>
    Task<SyncState> GetStateAsync(string staffId, CancellationToken cancellationToken);

    Task SaveStateAsync(SyncState state, CancellationToken cancellationToken);

    Task<ItemSyncStatus?> GetItemAsync(string staffId, ItemKey key, CancellationToken cancellationToken);

    Task SaveItemAsync(string staffId, ItemSyncStatus status, CancellationToken cancellationToken);

    /// <summary>Removes one status; nothing if there is none.</summary>
    Task DeleteItemAsync(string staffId, ItemKey key, CancellationToken cancellationToken);

    /// <summary>Pages through a staff member's statuses in a stable order; deleting a status while paging must not skip others.</summary>
    Task<ItemStatusPage> ListItemsAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken);

    Task<int> CountItemsAsync(string staffId, CancellationToken cancellationToken);
}
