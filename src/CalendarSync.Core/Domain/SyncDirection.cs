namespace CalendarSync.Core.Domain;

public enum SyncDirection
{
    Bidirectional,

    /// <summary>Writes to the calendar, never imports its events.</summary>
    PushOnly,

    /// <summary>Imports events as blocked time, never writes to the calendar.</summary>
    PullOnly,
}
