namespace CalendarSync.Core.Sync;

public enum SyncStage
{
    /// <summary>Opening the staff member's calendar with the grant kept in the token store.</summary>
    OpenCalendar,
    LoadState,
    Push,
    Pull,
    FullResync,
    SaveState,
}
