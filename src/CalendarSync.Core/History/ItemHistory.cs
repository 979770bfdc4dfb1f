using CalendarSync.Core.Domain;

namespace CalendarSync.Core.History;

/// <summary>What the sync did to one item of a staff member and why, newest first, from every store that keeps some of it.</summary>
public sealed class ItemHistory(IReadOnlyList<IItemHistorySource> sources)
{
    public const int MaxEntries = 200;

    public async Task<IReadOnlyList<ItemHistoryEntry>> ReadAsync(string staffId, ItemKey key, int limit, CancellationToken cancellationToken)
    {
        ItemId.Validate(staffId, "staff");
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        limit = Math.Min(limit, MaxEntries);
        var read = await Task.WhenAll(sources.Select(source => source.ReadHistoryAsync(staffId, key, limit, cancellationToken)));
        return [.. read.SelectMany(entries => entries).OrderByDescending(entry => entry.At).Take(limit)];
    }
}
