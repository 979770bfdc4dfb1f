namespace CalendarSync.Core.Tests.Scenarios;

/// <summary>
/// One thing that happens in a scenario. The fields mean what the kind needs: <see cref="Slot"/> picks an item or
/// event (modulo what exists), <see cref="Day"/>/<see cref="Hour"/>/<see cref="Length"/> place it (days from the
/// scenario's start, local hour, quarter hours or days), <see cref="Repeat"/> makes a series; for
/// <see cref="StepKind.Sync"/>, <see cref="Slot"/> is the port call that fails (negative: none) and
/// <see cref="Flag"/> says the call happens before the run dies; for <see cref="StepKind.SyncSlowly"/>,
/// <see cref="Length"/> is the minutes each Google call takes.
/// </summary>
public sealed record ScenarioStep(
    StepKind Kind, int Slot = 0, int Day = 0, int Hour = 9, int Length = 4, bool AllDay = false, bool Flag = false, int Repeat = 0)
{
    public override string ToString() => Kind switch
    {
        StepKind.Sync => Slot < 0 ? "Sync" : $"Sync(fault at call {Slot}{(Flag ? ", after it" : string.Empty)})",
        StepKind.SyncSlowly => $"SyncSlowly({Length} min a Google call)",
        StepKind.ExpireSyncTokens => "ExpireSyncTokens",
        StepKind.AdvanceClock => $"AdvanceClock({Length}h)",
        _ => $"{Kind}(slot {Slot}, day {Day}, {(AllDay ? "all day" : $"{Hour}:00")}, length {Length}{(Flag ? ", flag" : string.Empty)}{(Repeat > 0 ? $", x{Repeat}" : string.Empty)})",
    };
}
