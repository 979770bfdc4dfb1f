using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Sync;

/// <summary>A write to an item's event that a page decided on, and why, for the item's history.</summary>
internal sealed record PlannedEventWrite(LocalItem Item, EventWrite Write, string Reason);
