using CalendarSync.Core.Domain;

namespace CalendarSync.Core.History;

/// <summary>
/// A store that keeps item history beside the writes it describes: the sync state store (history of our events, with
/// their statuses) and the appointment data (history of Google-origin blocks, with the blocks).
/// </summary>
public interface IItemHistorySource
{
    /// <summary>The item's entries in this store, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ItemHistoryEntry>> ReadHistoryAsync(string staffId, ItemKey key, int limit, CancellationToken cancellationToken);

    /// <summary>Removes entries written before <paramref name="cutoff"/>; answers how many.</summary>
    Task<int> PurgeHistoryAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
