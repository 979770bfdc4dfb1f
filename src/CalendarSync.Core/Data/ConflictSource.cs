namespace CalendarSync.Core.Data;

/// <summary>What makes a staff member busy in a conflicting period.</summary>
public enum ConflictSource
{
    Appointment,

    /// <summary>A block the appointment system made.</summary>
    LocalBlock,

    Exception,

    Closure,

    /// <summary>An event in the staff member's Google Calendar (seen live, or as the block the sync mirrored from it).</summary>
    GoogleEvent,
}
