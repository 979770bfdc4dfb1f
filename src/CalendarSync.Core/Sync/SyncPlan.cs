namespace CalendarSync.Core.Sync;

/// <summary>
/// What a run would do now (<see cref="StaffSync.PlanAsync"/>), found without writing anything: its result as a run would
/// report it, each write on either side in the order the run would make it, and the item statuses it would save or remove.
/// </summary>
public sealed record SyncPlan(SyncRunResult Result, IReadOnlyList<PlannedWrite> Writes, IReadOnlyList<ItemStatusWrite> Statuses)
{
    public IEnumerable<PlannedWrite> Google => Writes.Where(write => write.ToGoogle);

    public IEnumerable<PlannedWrite> Local => Writes.Where(write => !write.ToGoogle);
}
