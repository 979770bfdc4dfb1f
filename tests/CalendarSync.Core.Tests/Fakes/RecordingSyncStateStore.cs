using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Tests.Fakes;

public sealed class RecordingSyncStateStore(ISyncStateStore inner, PortCalls calls) : ISyncStateStore
{
    public Task<SyncState> GetStateAsync(string staffId, CancellationToken cancellationToken) =>
        calls.CallAsync("state.get", google: false, write: false, () => inner.GetStateAsync(staffId, cancellationToken));

    public Task SaveStateAsync(SyncState state, CancellationToken cancellationToken) =>
        calls.CallAsync("state.save", google: false, write: true, () => inner.SaveStateAsync(state, cancellationToken));

    public Task<ItemSyncStatus?> GetItemAsync(string staffId, ItemKey key, CancellationToken cancellationToken) =>
        calls.CallAsync("status.get", google: false, write: false, () => inner.GetItemAsync(staffId, key, cancellationToken));

    public Task SaveItemAsync(string staffId, ItemSyncStatus status, CancellationToken cancellationToken) =>
        calls.CallAsync("status.save", google: false, write: true, () => inner.SaveItemAsync(staffId, status, cancellationToken));

    public Task DeleteItemAsync(string staffId, ItemKey key, CancellationToken cancellationToken) =>
        calls.CallAsync("status.delete", google: false, write: true, () => inner.DeleteItemAsync(staffId, key, cancellationToken));

    public Task<ItemStatusPage> ListItemsAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken) =>
        calls.CallAsync("status.list", google: false, write: false, () => inner.ListItemsAsync(staffId, continuation, pageSize, cancellationToken));

    public Task<int> CountItemsAsync(string staffId, CancellationToken cancellationToken) =>
        calls.CallAsync("status.count", google: false, write: false, () => inner.CountItemsAsync(staffId, cancellationToken));
}
