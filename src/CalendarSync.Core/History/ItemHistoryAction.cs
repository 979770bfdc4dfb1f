namespace CalendarSync.Core.History;

/// <summary>What the sync did to an item, or to the event or block that stands for it.</summary>
public enum ItemHistoryAction
{
    EventCreated,
    EventUpdated,

    /// <summary>Our event was edited or deleted in Google, and the conflict policy put the item's version back.</summary>
    EventRestored,
    EventDeleted,

    /// <summary>The item's event moved to the calendar the staff member chose to receive appointments.</summary>
    EventMoved,

    /// <summary>The appointment took the time its event was given in Google (conflict policy <c>AcceptGoogleTimeChanges</c>).</summary>
    AppointmentMoved,

    /// <summary>The item stays off the calendar, or its event as Google has it; the reason says why.</summary>
    Skipped,
    BlockImported,
    BlockUpdated,
    BlockRemoved,
}
