namespace CalendarSync.Core.Sync;

public enum SyncStage
{
    LoadState,
    Push,
    Pull,
    FullResync,
    SaveState,
}
