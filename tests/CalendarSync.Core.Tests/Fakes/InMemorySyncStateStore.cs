using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Tests.Fakes;

/// <summary>Control rows (state and lease, written at their version as the table store writes them) and statuses in memory.</summary>
public sealed class InMemorySyncStateStore(TimeProvider clock) : ISyncStateStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SyncControl> _controls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, ItemSyncStatus>> _items = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>Where lease events are written ("lease jane", "lease busy jane", "release jane"), if anywhere.</summary>
    public List<string>? Events { get; set; }

    /// <summary>Runs once, before the next lease is taken: another holder of the lease getting in first.</summary>
    public Func<Task>? BeforeNextAcquire { get; set; }

    public bool IsLeased(string staffId)
    {
        lock (_gate)
        {
            return _controls.TryGetValue(staffId, out var control) && control.IsHeldAt(clock.GetUtcNow());
        }
    }

    public Task<SyncControl> GetControlAsync(string staffId, CancellationToken cancellationToken)
    {
        ItemId.Validate(staffId, "staff");
        lock (_gate)
        {
            return Task.FromResult(_controls.GetValueOrDefault(staffId) ?? SyncControl.Initial(staffId));
        }
    }

    public async Task<SyncLease?> TryAcquireAsync(string staffId, TimeSpan duration, CancellationToken cancellationToken)
    {
        await BeforeAcquireAsync();
        return Acquire(await GetControlAsync(staffId, cancellationToken), duration);
    }

    public async Task<SyncLease?> TryAcquireAsync(SyncControl read, TimeSpan duration, CancellationToken cancellationToken)
    {
        await BeforeAcquireAsync();
        return Acquire(read, duration);
    }

    public Task<SyncLease> SaveStateAsync(SyncLease lease, SyncState state, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var version = WriteAt(lease, state, lease);
            return Task.FromResult(lease with { Version = version });
        }
    }

    public Task FinishAsync(SyncLease lease, SyncState state, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            WriteAt(lease, state, holder: null);
            Events?.Add($"release {lease.StaffId}");
            return Task.CompletedTask;
        }
    }

    public Task ReleaseAsync(SyncLease lease, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_controls.TryGetValue(lease.StaffId, out var current) && current.Version == lease.Version)
            {
                _controls[lease.StaffId] = current with { Lease = null, Version = NextVersion() };
            }

            Events?.Add($"release {lease.StaffId}");
            return Task.CompletedTask;
        }
    }

    /// <summary>Sets a staff member's state as a test's setup, whatever is there.</summary>
    public void Put(SyncState state)
    {
        lock (_gate)
        {
            _controls[state.StaffId] = new SyncControl(state, null, NextVersion());
        }
    }

    private async Task BeforeAcquireAsync()
    {
        if (BeforeNextAcquire is { } other)
        {
            BeforeNextAcquire = null;
            await other();
        }
    }

    private SyncLease? Acquire(SyncControl read, TimeSpan duration)
    {
        lock (_gate)
        {
            var staffId = read.State.StaffId;
            var now = clock.GetUtcNow();
            var current = _controls.GetValueOrDefault(staffId);
            if (read.IsHeldAt(now) || current?.Version != read.Version)
            {
                Events?.Add($"lease busy {staffId}");
                return null;
            }

            var lease = new SyncLease(staffId, Guid.NewGuid().ToString("N"), now + duration, NextVersion());
            _controls[staffId] = new SyncControl(read.State, lease, lease.Version);
            Events?.Add($"lease {staffId}");
            return lease;
        }
    }

    private string WriteAt(SyncLease lease, SyncState state, SyncLease? holder)
    {
        if (!_controls.TryGetValue(lease.StaffId, out var current) || current.Version != lease.Version)
        {
            throw new LeaseLostException(lease.StaffId);
        }

        var version = NextVersion();
        _controls[lease.StaffId] = new SyncControl(state, holder is null ? null : holder with { Version = version }, version);
        return version;
    }

    private string NextVersion() => (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public Task<ItemSyncStatus?> GetItemAsync(string staffId, ItemKey key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Items(staffId).GetValueOrDefault(key.ToString()));
        }
    }

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
