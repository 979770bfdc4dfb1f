namespace CalendarSync.Core.Tests.Scenarios;

public enum StepKind
{
    PutAppointment,
    CancelAppointment,
    PutBlock,
    PutException,
    PutClosure,
    DeleteLocal,
    StaffAddsEvent,
    StaffMovesEvent,
    StaffMovesOneInstance,
    StaffDeletesEvent,

    /// <summary>The staff member cuts a series of theirs to its first <see cref="ScenarioStep.Repeat"/> instances.</summary>
    StaffShortensSeries,
    StaffDeclinesEvent,
    StaffTogglesFree,
    StaffMovesOurEvent,
    StaffRetitlesOurEvent,
    StaffDeletesOurEvent,
    ExpireSyncTokens,
    AdvanceClock,
    Sync,

    /// <summary>A run against a slow calendar: the time budget cuts it, and the next runs continue.</summary>
    SyncSlowly,
}
