namespace CalendarSync.Core.Sync;

/// <summary>What a dry run found a run would write: to Google (events) or to the appointment data (blocks, appointments).</summary>
public enum PlannedWriteKind
{
    CreateEvent,
    UpdateEvent,
    DeleteEvent,

    /// <summary>An event moved to the write calendar the staff member chose.</summary>
    MoveEvent,
    ImportBlock,
    RemoveBlock,
    MoveAppointment,
}
