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
        Name = string.IsNullOrWhiteSpace(name) ? throw new DomainValidationException($"Closure {id} needs a name.") : name;
    }

    public string Name { get; }
}
