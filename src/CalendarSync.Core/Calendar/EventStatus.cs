namespace CalendarSync.Core.Calendar;

public enum EventStatus
{
    Confirmed,
    Tentative,

    /// <summary>Deleted; Google keeps it as a tombstone that sync listings return.</summary>
    Cancelled,
}
