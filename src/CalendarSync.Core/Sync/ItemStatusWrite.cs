using CalendarSync.Core.Domain;
using CalendarSync.Core.History;

namespace CalendarSync.Core.Sync;

/// <summary>One item status to save (<see cref="Status"/> set) or to remove (null), in a batch of <see cref="ISyncStateStore.WriteItemsAsync"/>.</summary>
public sealed record ItemStatusWrite(ItemKey Key, ItemSyncStatus? Status)
{
    /// <summary>What the sync did that this write records, and why: stored in the same transaction as the status.</summary>
    public ItemHistoryEntry? History { get; init; }

    public static ItemStatusWrite Save(ItemSyncStatus status) => new((status ?? throw new ArgumentNullException(nameof(status))).Key, status);

    public static ItemStatusWrite Delete(ItemKey key) => new(key, null);
}
