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
    StaffDeletesEvent,
    StaffDeclinesEvent,
    StaffTogglesFree,
    StaffMovesOurEvent,
    StaffRetitlesOurEvent,
    StaffDeletesOurEvent,
    ExpireSyncTokens,
    AdvanceClock,
    Sync,
}
