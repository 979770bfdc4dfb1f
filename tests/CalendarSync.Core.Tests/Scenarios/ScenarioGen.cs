using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CsCheck;

namespace CalendarSync.Core.Tests.Scenarios;

/// <summary>Random histories for the model-based test: edits on both sides interleaved with runs, some of them faulted.</summary>
public static class ScenarioGen
{
    /// <summary>Zones whose DST ends inside the scenarios' days (from 2026-10-20), and one without DST.</summary>
    public static readonly Gen<string> Zone = Gen.OneOf("Europe/Berlin", "America/New_York", "Asia/Kolkata");

    public static readonly Gen<ScenarioStep> Step = Gen.Frequency(
        (12, Place(StepKind.PutAppointment)),
        (3, Place(StepKind.CancelAppointment)),
        (5, Place(StepKind.PutBlock)),
        (3, Place(StepKind.PutException)),
        (2, Place(StepKind.PutClosure)),
        (5, Place(StepKind.DeleteLocal)),
        (8, Place(StepKind.StaffAddsEvent)),
        (4, Place(StepKind.StaffMovesEvent)),
        (2, Place(StepKind.StaffMovesOneInstance)),
        (3, Place(StepKind.StaffDeletesEvent)),
        (2, Place(StepKind.StaffDeclinesEvent)),
        (2, Place(StepKind.StaffTogglesFree)),
        (3, Place(StepKind.StaffMovesOurEvent)),
        (2, Place(StepKind.StaffRetitlesOurEvent)),
        (3, Place(StepKind.StaffDeletesOurEvent)),
        (1, Gen.Const(new ScenarioStep(StepKind.ExpireSyncTokens))),
        (2, Gen.Int[1, 30].Select(hours => new ScenarioStep(StepKind.AdvanceClock, Length: hours))),
        (2, Gen.Int[1, 3].Select(minutes => new ScenarioStep(StepKind.SyncSlowly, Length: minutes))),
        (12, Gen.Select(Gen.Int[-20, 60], Gen.Bool, (fault, after) => new ScenarioStep(StepKind.Sync, Slot: Math.Max(-1, fault), Flag: after))));

    /// <summary>A history, and whether the calendar drops a series' replaced instances silently (as the emulator does).</summary>
    public static readonly Gen<(string Zone, ConflictPolicy Policy, SyncDirection Direction, int PageSize, ScenarioStep[] Steps, bool ForgetsReplacedInstances)> Case = Gen.Select(
        Zone,
        Gen.Frequency((3, Gen.Const(ConflictPolicy.AppointmentDataWins)), (1, Gen.Const(ConflictPolicy.AcceptGoogleTimeChanges))),
        Gen.Frequency(
            (8, Gen.Const(SyncDirection.Bidirectional)), (1, Gen.Const(SyncDirection.PushOnly)), (1, Gen.Const(SyncDirection.PullOnly))),
        Gen.Int[1, 5],
        Step.Array[1, 30],
        Gen.Bool);

    private static Gen<ScenarioStep> Place(StepKind kind) =>
        Gen.Select(Gen.Int[0, 5], Gen.Int[-3, 16], Gen.Int[7, 19], Gen.Int[1, 12], Gen.Bool, Gen.Bool, Gen.Frequency((4, Gen.Const(0)), (1, Gen.Int[2, 5])))
            .Select((slot, day, hour, length, allDay, flag, repeat) => new ScenarioStep(kind, slot, day, hour, length, allDay, flag, repeat));
}
