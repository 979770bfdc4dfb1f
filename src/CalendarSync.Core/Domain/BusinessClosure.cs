namespace CalendarSync.Core.Domain;

/// <summary>Days the whole business is closed (dates in the business time zone, end exclusive); it reaches every staff member's calendar.</summary>
public sealed record BusinessClosure : LocalItem
{
    public BusinessClosure(
        string id,
        DateOnly startDate,
        DateOnly endDateExclusive,
        string name,
        long version = 1,
        DateTimeOffset lastModified = default,
        bool isDeleted = false)
        : base(ItemKind.Closure, id, Period.AllDay(startDate, endDateExclusive), version, lastModified, isDeleted)
    {
        ItemRules.CheckPeriod(Period);
        Name = ItemRules.RequiredText("name", name, ItemRules.MaxShortText);
    }

    /// <summary>None: a closure goes to every staff member's calendar.</summary>
    public override string? StaffId => null;

    public string Name { get; }
}
