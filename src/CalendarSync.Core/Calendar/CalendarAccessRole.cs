namespace CalendarSync.Core.Calendar;

/// <summary>What a staff member may do with a calendar, weakest first.</summary>
public enum CalendarAccessRole
{
    /// <summary>Busy times only: no titles or details, no writes.</summary>
    FreeBusyReader,

    /// <summary>Events in full, no writes.</summary>
    Reader,

    Writer,

    /// <summary>Writes, and sharing and deleting the calendar.</summary>
    Owner,
}
