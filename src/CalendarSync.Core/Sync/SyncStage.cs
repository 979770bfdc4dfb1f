namespace CalendarSync.Core.Sync;

public enum SyncStage
{
    /// <summary>Opening the staff member's calendar with the grant kept in the token store.</summary>
    OpenCalendar,
    LoadState,
    /// <summary>Moving our events to the write calendar the staff member chose.</summary>
    Move,
    Push,
    Pull,
    FullResync,
    SaveState,
}
