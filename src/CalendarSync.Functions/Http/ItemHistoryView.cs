using CalendarSync.Core.Domain;
using CalendarSync.Core.History;

namespace CalendarSync.Functions.Http;

/// <summary>An item's history as the data API answers it and <c>calsync explain --json</c> prints it, newest first.</summary>
public sealed record ItemHistoryView(string StaffId, string Item, IReadOnlyList<ItemHistoryView.Entry> Entries)
{
    public sealed record Entry(DateTimeOffset At, string Action, string? EventId, string Reason);

    public static ItemHistoryView From(string staffId, ItemKey key, IEnumerable<ItemHistoryEntry> entries) =>
        new(staffId, key.ToString(), [.. entries.Select(e => new Entry(e.At, e.Action.ToString(), e.EventId, e.Reason))]);
}
