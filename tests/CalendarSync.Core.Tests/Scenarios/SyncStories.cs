namespace CalendarSync.Core.Tests.Scenarios;

/// <summary>
/// Fixed, named histories: the scenario suite in a form that runs in seconds against slow worlds too (Azurite and
/// the emulator), where ten thousand random histories would not. Days count from the world's start.
/// </summary>
public static class SyncStories
{
    private static readonly Dictionary<string, ScenarioStep[]> Stories = new(StringComparer.Ordinal)
    {
        ["appointment booked, moved, cancelled, deleted"] =
        [
            new(StepKind.PutAppointment, Slot: 0, Day: 2, Hour: 10), Sync,
            new(StepKind.PutAppointment, Slot: 0, Day: 6, Hour: 14), Sync,
            new(StepKind.CancelAppointment, Slot: 0), Sync,
            new(StepKind.DeleteLocal, Slot: 0), Sync,
        ],
        ["staff lunch break blocks, moves, turns free and back, goes"] =
        [
            new(StepKind.StaffAddsEvent, Slot: 1, Day: 1, Hour: 12), Sync,
            new(StepKind.StaffMovesEvent, Slot: 0, Length: 2), Sync,
            new(StepKind.StaffTogglesFree, Slot: 0), Sync,
            new(StepKind.StaffTogglesFree, Slot: 0), Sync,
            new(StepKind.StaffDeclinesEvent, Slot: 0), Sync,
            new(StepKind.StaffDeletesEvent, Slot: 0), Sync,
        ],
        ["recurring event across the DST change, one instance moved"] =
        [
            new(StepKind.StaffAddsEvent, Slot: 1, Day: 4, Hour: 9, Repeat: 5), Sync,
            new(StepKind.StaffMovesOneInstance, Slot: 1, Length: 3), Sync,
            new(StepKind.StaffMovesEvent, Slot: 0, Length: 1), Sync,
            new(StepKind.StaffDeletesEvent, Slot: 0), Sync,
        ],
        // Google has been seen to name only about six months of a deleted series' instances as cancelled: the blocks
        // of the instances after that must go too.
        ["a daily series over more than the whole window, deleted"] =
        [
            new(StepKind.StaffAddsEvent, Slot: 1, Day: 1, Hour: 8, Repeat: 400), Sync,
            new(StepKind.StaffDeletesEvent, Slot: 0), Sync,
        ],
        ["a weekly series shortened, then moved"] =
        [
            new(StepKind.StaffAddsEvent, Slot: 1, Day: 3, Hour: 16, Repeat: 6), Sync,
            new(StepKind.StaffShortensSeries, Slot: 0, Repeat: 2), Sync,
            new(StepKind.StaffMovesEvent, Slot: 0, Length: 2), Sync,
        ],
        ["all-day items: closure, exception, staff holiday"] =
        [
            new(StepKind.PutClosure, Slot: 0, Day: 4, Length: 2),
            new(StepKind.PutException, Slot: 1, Day: 5, AllDay: true),
            new(StepKind.StaffAddsEvent, Slot: 2, Day: 5, AllDay: true, Length: 1), Sync,
            new(StepKind.StaffMovesEvent, Slot: 0, Length: 4), Sync,
            new(StepKind.DeleteLocal, Slot: 0), Sync,
        ],
        ["staff edits and deletes our events, which come back"] =
        [
            new(StepKind.PutAppointment, Slot: 0, Day: 2, Hour: 10),
            new(StepKind.PutBlock, Slot: 1, Day: 3, Hour: 12), Sync,
            new(StepKind.StaffMovesOurEvent, Slot: 0, Length: 2), Sync,
            new(StepKind.StaffRetitlesOurEvent, Slot: 1), Sync,
            new(StepKind.StaffDeletesOurEvent, Slot: 0), Sync,
        ],
        ["sync token expires while both sides change"] =
        [
            new(StepKind.PutAppointment, Slot: 0, Day: 2, Hour: 10),
            new(StepKind.StaffAddsEvent, Slot: 1, Day: 2, Hour: 15),
            new(StepKind.StaffAddsEvent, Slot: 2, Day: 3, Hour: 15), Sync,
            new(StepKind.ExpireSyncTokens),
            new(StepKind.StaffDeletesEvent, Slot: 0),
            new(StepKind.StaffDeletesOurEvent, Slot: 0),
            new(StepKind.PutAppointment, Slot: 1, Day: 4, Hour: 9), Sync,
        ],
        ["a run dies at each call in turn"] =
        [
            new(StepKind.PutAppointment, Slot: 0, Day: 2, Hour: 10),
            new(StepKind.PutClosure, Slot: 1, Day: 8),
            new(StepKind.StaffAddsEvent, Slot: 1, Day: 2, Hour: 15, Repeat: 3),
            .. Enumerable.Range(0, 40).Select(call => new ScenarioStep(StepKind.Sync, Slot: call, Flag: call % 2 == 1)),
        ],
    };

    private static ScenarioStep Sync => new(StepKind.Sync, Slot: -1);

    public static TheoryData<string> Names => [.. Stories.Keys];

    public static IReadOnlyList<ScenarioStep> Get(string name) => Stories[name];
}
