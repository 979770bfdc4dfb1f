namespace CalendarSync.Core.Data;

/// <summary>The answer of an availability check of [Start, End): free, or the conflicts, earliest first.</summary>
public sealed record Availability(
    string StaffId, DateTimeOffset Start, DateTimeOffset End, GoogleCheck Google, IReadOnlyList<AvailabilityConflict> Conflicts)
{
    public bool IsFree => Conflicts.Count == 0;
}
