using CalendarSync.Core.Domain;

namespace CalendarSync.Core.History;

/// <summary>
/// One thing the sync did to an item and why, written in the same transaction as the write it describes (the item's
/// status, or the Google-origin block), so that the history and the data cannot disagree.
/// </summary>
public sealed record ItemHistoryEntry(ItemKey Key, DateTimeOffset At, ItemHistoryAction Action, string? EventId, string Reason);
