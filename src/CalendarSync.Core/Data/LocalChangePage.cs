using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Data;

/// <summary>One page of the change feed: the items (tombstones included) and the watermark just after them.</summary>
public sealed record LocalChangePage(IReadOnlyList<LocalItem> Items, string? NextWatermark, bool HasMore);
