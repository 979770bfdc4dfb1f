using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Tests.Fakes;

public sealed class InMemorySyncStateStore : ISyncStateStore
{
    private readonly Dictionary<string, SyncState> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, ItemSyncStatus>> _items = new(StringComparer.Ordinal);

    public Task<SyncState> GetStateAsync(string staffId, CancellationToken cancellationToken) =>
        Task.FromResult(_states.GetValueOrDefault(staffId) ?? SyncState.Initial(staffId));

    public Task SaveStateAsync(SyncState state, CancellationToken cancellationToken)
    {
        _states[state.StaffId] = state;
        return Task.CompletedTask;
    }

    public Task<ItemSyncStatus?> GetItemAsync(string staffId, ItemKey key, CancellationToken cancellationToken) =>
        Task.FromResult(Items(staffId).GetValueOrDefault(key.ToString()));

    public Task<IReadOnlyDictionary<ItemKey, ItemSyncStatus>> GetItemsAsync(
        string staffId, IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken)
    {
        var items = Items(staffId);
        IReadOnlyDictionary<ItemKey, ItemSyncStatus> found = keys.Distinct()
            .Where(key => items.ContainsKey(key.ToString()))
            .ToDictionary(key => key, key => items[key.ToString()]);
        return Task.FromResult(found);
    }

    public Task WriteItemsAsync(string staffId, IReadOnlyList<ItemStatusWrite> writes, CancellationToken cancellationToken)
    {
        var items = Items(staffId);
        foreach (var write in writes)
        {
            if (write.Status is { } status)
            {
                items[write.Key.ToString()] = status;
            }
            else
            {
                items.Remove(write.Key.ToString());
            }
        }

        return Task.CompletedTask;
    }

    public Task<ItemStatusPage> ListItemsAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var after = continuation is null ? string.Empty
            : ItemKey.TryParse(continuation, out var key) ? key.ToString()
            : throw new InvalidContinuationException();
        var page = Items(staffId).Where(e => string.CompareOrdinal(e.Key, after) > 0).Take(pageSize + 1).ToList();
        var items = page.Take(pageSize).Select(e => e.Value).ToList();
        return Task.FromResult(new ItemStatusPage(items, page.Count > pageSize ? items[^1].Key.ToString() : null));
    }

    public Task<int> CountItemsAsync(string staffId, CancellationToken cancellationToken) => Task.FromResult(Items(staffId).Count);

    private SortedDictionary<string, ItemSyncStatus> Items(string staffId)
    {
        if (!_items.TryGetValue(staffId, out var items))
        {
            items = new SortedDictionary<string, ItemSyncStatus>(StringComparer.Ordinal);
            _items[staffId] = items;
        }

        return items;
    }
}
