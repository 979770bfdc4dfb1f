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

    public Task<IReadOnlyDictionary<ItemKey, ItemSyncStatus>> GetItemsAsync(
        string staffId, IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken) =>
        calls.CallAsync("status.getMany", google: false, write: false, () => inner.GetItemsAsync(staffId, keys, cancellationToken));

    public Task WriteItemsAsync(string staffId, IReadOnlyList<ItemStatusWrite> writes, CancellationToken cancellationToken) =>
        calls.CallAsync("status.write", google: false, write: true, () => inner.WriteItemsAsync(staffId, writes, cancellationToken));

    public Task<ItemStatusPage> ListItemsAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken) =>
        calls.CallAsync("status.list", google: false, write: false, () => inner.ListItemsAsync(staffId, continuation, pageSize, cancellationToken));

    public Task<int> CountItemsAsync(string staffId, CancellationToken cancellationToken) =>
        calls.CallAsync("status.count", google: false, write: false, () => inner.CountItemsAsync(staffId, cancellationToken));
}
