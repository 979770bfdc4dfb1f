using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Tests.Fakes;

public sealed class RecordingSyncStateStore(ISyncStateStore inner, PortCalls calls) : ISyncStateStore
{
    public Task<SyncControl> GetControlAsync(string staffId, CancellationToken cancellationToken) =>
        calls.CallAsync("state.get", google: false, write: false, () => inner.GetControlAsync(staffId, cancellationToken));

    // The lease's own writes are not calls a fault is injected at: they change no state, and a run that dies holding the
    // lease leaves the next one to wait for it to expire (the processor's tests and the process-kill soak cover that).
    // They count as writes, though: a quiet run takes no lease.
    public async Task<SyncLease?> TryAcquireAsync(string staffId, TimeSpan duration, CancellationToken cancellationToken)
    {
        calls.Count("lease.take", write: true);
        return await inner.TryAcquireAsync(staffId, duration, cancellationToken);
    }

    public async Task<SyncLease?> TryAcquireAsync(SyncControl read, TimeSpan duration, CancellationToken cancellationToken)
    {
        calls.Count("lease.take", write: true);
        return await inner.TryAcquireAsync(read, duration, cancellationToken);
    }

    public Task<SyncLease> SaveStateAsync(SyncLease lease, SyncState state, CancellationToken cancellationToken) =>
        calls.CallAsync("state.save", google: false, write: true, () => inner.SaveStateAsync(lease, state, cancellationToken));

    public Task FinishAsync(SyncLease lease, SyncState state, CancellationToken cancellationToken) =>
        calls.CallAsync("state.finish", google: false, write: true, () => inner.FinishAsync(lease, state, cancellationToken));

    public Task ReleaseAsync(SyncLease lease, CancellationToken cancellationToken) => inner.ReleaseAsync(lease, cancellationToken);

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
