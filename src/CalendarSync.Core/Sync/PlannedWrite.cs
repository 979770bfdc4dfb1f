using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Sync;

/// <summary>
/// One write a dry run found a run would make: the item (null for an event of ours whose key cannot be read), the Google
/// event it concerns, and what would be written (the event's or block's title and time; an appointment's new time).
/// </summary>
public sealed record PlannedWrite(PlannedWriteKind Kind, ItemKey? Key, string EventId, string? Summary, Period? Period)
{
    /// <summary>Whether the write goes to Google; otherwise to the appointment data.</summary>
    public bool ToGoogle => Kind is PlannedWriteKind.CreateEvent or PlannedWriteKind.UpdateEvent or PlannedWriteKind.DeleteEvent or PlannedWriteKind.MoveEvent;
}
