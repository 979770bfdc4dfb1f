using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Data;

/// <summary>One page of the change feed: the items (tombstones included) and the watermark just after them.</summary>
public sealed record LocalChangePage(IReadOnlyList<LocalItem> Items, string? NextWatermark, bool HasMore)
{
    /// <summary>
    /// Changes in the page the store could not read as items (a row written with SQL that breaks an item rule the schema
    /// cannot check): the run skips each and reports it in its log; the row comes again when it is next changed.
    /// </summary>
    public IReadOnlyList<UnreadableItem> Unreadable { get; init; } = [];
}
