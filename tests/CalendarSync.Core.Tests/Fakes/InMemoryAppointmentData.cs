using System.Globalization;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Scenarios;

namespace CalendarSync.Core.Tests.Fakes;

/// <summary>One staff member's appointment data (and the business's closures) in memory, with a change feed numbered by a sequence.</summary>
public sealed class InMemoryAppointmentData(string owner, TimeProvider clock) : IAppointmentData, ILocalEditor
{
    private readonly Dictionary<ItemKey, (LocalItem Item, long Sequence)> _items = [];
    private readonly Dictionary<ItemKey, ItemSyncStatus> _blockStatuses = [];
    private long _sequence;

    public Task<LocalChangePage> GetChangesAsync(string staffId, string? watermark, int pageSize, CancellationToken cancellationToken)
    {
        CheckStaff(staffId);
        var since = watermark is null ? 0 : long.Parse(watermark, CultureInfo.InvariantCulture);
        var changed = _items.Values
            .Where(e => e.Sequence > since && e.Item is not BlockedSlot { Origin: BlockOrigin.Google })
            .OrderBy(e => e.Sequence)
            .Take(pageSize + 1)
            .ToList();
        var page = changed.Take(pageSize).ToList();
        var next = page.Count > 0 ? page[^1].Sequence.ToString(CultureInfo.InvariantCulture) : watermark;
        return Task.FromResult(new LocalChangePage([.. page.Select(e => e.Item)], next, changed.Count > pageSize));
    }

    public Task<LocalFeedHead> ReadFeedHeadAsync(string staffId, bool sharedFeedMayLag, CancellationToken cancellationToken)
    {
        // Read before the connection is (by the queue function): a staff member without data has no changes.
        var last = staffId != owner
            ? 0
            : _items.Values.Where(e => e.Item is not BlockedSlot { Origin: BlockOrigin.Google }).Select(e => e.Sequence).DefaultIfEmpty().Max();
        return Task.FromResult<LocalFeedHead>(new SequenceHead(last));
    }

    private sealed class SequenceHead(long last) : LocalFeedHead
    {
        public override bool IsAfter(string? watermark) => last > (watermark is null ? 0 : long.Parse(watermark, CultureInfo.InvariantCulture));
    }

    public Task<LocalItemPage> GetItemsInRangeAsync(
        string staffId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        CheckStaff(staffId);
        if (continuation is not null && !ItemKey.TryParse(continuation, out _))
        {
            throw new InvalidContinuationException();
        }

        // All-day items are read in UTC, widened by the largest zone offsets: a superset, as the port allows.
        var margin = TimeSpan.FromHours(14);
        var inRange = _items.Values
            .Select(e => e.Item)
            .Where(i => !i.IsDeleted && i is not BlockedSlot { Origin: BlockOrigin.Google })
            .Where(i => i.Period.Overlaps(rangeStart - margin, rangeEnd + margin, TimeZoneInfo.Utc))
            .Where(i => string.CompareOrdinal(i.Key.ToString(), continuation ?? string.Empty) > 0)
            .OrderBy(i => i.Key.ToString(), StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();
        var page = inRange.Take(pageSize).ToList();
        return Task.FromResult(new LocalItemPage(page, inRange.Count > pageSize ? page[^1].Key.ToString() : null));
    }

    public Task<LocalItem?> GetItemAsync(string staffId, ItemKey key, CancellationToken cancellationToken)
    {
        CheckStaff(staffId);
        return Task.FromResult(_items.TryGetValue(key, out var entry) ? entry.Item : null);
    }

    public Task<LocalItemPage> ListGoogleBlocksAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        CheckStaff(staffId);
        var blocks = _items.Values
            .Select(e => e.Item)
            .Where(i => !i.IsDeleted && i is BlockedSlot { Origin: BlockOrigin.Google })
            .Where(i => string.CompareOrdinal(i.Key.ToString(), continuation ?? string.Empty) > 0)
            .OrderBy(i => i.Key.ToString(), StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();
        var page = blocks.Take(pageSize).ToList();
        return Task.FromResult(new LocalItemPage(page, blocks.Count > pageSize ? page[^1].Key.ToString() : null));
    }

    public async Task WriteGoogleBlocksAsync(string staffId, IReadOnlyList<GoogleBlockWrite> writes, CancellationToken cancellationToken)
    {
        CheckStaff(staffId);
        foreach (var write in writes)
        {
            var id = BlockedSlot.IdForGoogleEvent(write.GoogleEventId);
            var key = BlockedSlot.KeyForGoogleEvent(write.GoogleEventId);
            if (write.Period is { } period)
            {
                Put(new BlockedSlot(id, owner, period, BlockOrigin.Google, write.Summary, write.GoogleEventId, write.Version, clock.GetUtcNow()));
                if (write.Status is { } status)
                {
                    _blockStatuses[key] = status;
                }
                else
                {
                    _blockStatuses.Remove(key);
                }
            }
            else
            {
                await DeleteAsync(key, cancellationToken);
                _blockStatuses.Remove(key);
            }
        }
    }

    public Task<IReadOnlyDictionary<ItemKey, ItemSyncStatus>> GetGoogleBlockStatusesAsync(
        string staffId, IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken)
    {
        CheckStaff(staffId);
        var found = new Dictionary<ItemKey, ItemSyncStatus>();
        foreach (var key in keys)
        {
            if (BlockStatus(key) is { } status)
            {
                found[key] = status;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<ItemKey, ItemSyncStatus>>(found);
    }

    public Task<ItemStatusPage> ListGoogleBlockStatusesAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        CheckStaff(staffId);
        var statuses = _items.Keys
            .Where(key => !BlockedSlot.IsFromOtherCalendar(key) && string.CompareOrdinal(key.ToString(), continuation ?? string.Empty) > 0)
            .OrderBy(key => key.ToString(), StringComparer.Ordinal)
            .Select(BlockStatus)
            .OfType<ItemSyncStatus>()
            .Take(pageSize + 1)
            .ToList();
        var page = statuses.Take(pageSize).ToList();
        return Task.FromResult(new ItemStatusPage(page, statuses.Count > pageSize ? page[^1].Key.ToString() : null));
    }

    public Task StampGoogleBlocksAsync(string staffId, long epoch, IReadOnlyList<string> googleEventIds, CancellationToken cancellationToken)
    {
        CheckStaff(staffId);
        foreach (var key in googleEventIds.Select(BlockedSlot.KeyForGoogleEvent))
        {
            if (_blockStatuses.TryGetValue(key, out var status))
            {
                _blockStatuses[key] = status with { Epoch = epoch };
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>A live Google-origin block's status; one written without (as the stores of old did) has one with no etag.</summary>
    private ItemSyncStatus? BlockStatus(ItemKey key) =>
        _items.TryGetValue(key, out var entry) && entry.Item is BlockedSlot { Origin: BlockOrigin.Google, IsDeleted: false } block
            ? _blockStatuses.GetValueOrDefault(key) ?? new ItemSyncStatus(key, block.Version, block.GoogleEventId!, null, null, 0)
            : null;

    public Task<Appointment?> MoveAppointmentAsync(
        string staffId, string appointmentId, Period period, long expectedVersion, CancellationToken cancellationToken)
    {
        CheckStaff(staffId);
        if (!_items.TryGetValue(new ItemKey(ItemKind.Appointment, appointmentId), out var entry)
            || entry.Item is not Appointment { IsDeleted: false } current
            || current.Version != expectedVersion)
        {
            return Task.FromResult<Appointment?>(null);
        }

        var moved = current.MovedTo(period, current.Version + 1, clock.GetUtcNow());
        Put(moved);
        return Task.FromResult<Appointment?>(moved);
    }

    public Task<LocalItem> SaveAsync(LocalItem draft, CancellationToken cancellationToken)
    {
        var item = Versioned(draft, NextVersion(draft.Key), isDeleted: false);
        Put(item);
        return Task.FromResult(item);
    }

    public Task<bool> DeleteAsync(ItemKey key, CancellationToken cancellationToken)
    {
        if (!_items.TryGetValue(key, out var entry) || entry.Item.IsDeleted)
        {
            return Task.FromResult(false);
        }

        Put(Versioned(entry.Item, entry.Item.Version + 1, isDeleted: true));
        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<LocalItem>> ListLiveAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LocalItem>>([.. _items.Values.Select(e => e.Item).Where(i => !i.IsDeleted)]);

    private long NextVersion(ItemKey key) => (_items.TryGetValue(key, out var entry) ? entry.Item.Version : 0) + 1;

    private void Put(LocalItem item) => _items[item.Key] = (item, ++_sequence);

    private LocalItem Versioned(LocalItem item, long version, bool isDeleted) => item.Stamped(version, clock.GetUtcNow(), isDeleted);

    private void CheckStaff(string asked)
    {
        if (asked != owner)
        {
            throw new InvalidOperationException($"This store holds staff member {owner}'s data, not {asked}'s.");
        }
    }
}
