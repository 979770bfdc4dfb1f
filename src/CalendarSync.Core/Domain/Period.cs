namespace CalendarSync.Core.Domain;

/// <summary>When an item takes place: either two UTC instants, or whole days (end exclusive) in the owner's time zone.</summary>
public sealed record Period
{
    private Period(bool isAllDay, DateTimeOffset start, DateTimeOffset end, DateOnly startDate, DateOnly endDate)
    {
        IsAllDay = isAllDay;
        Start = start;
        End = end;
        StartDate = startDate;
        EndDate = endDate;
    }

    public bool IsAllDay { get; }

    /// <summary>The start instant in UTC; only for timed periods.</summary>
    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    /// <summary>The first day; only for all-day periods.</summary>
    public DateOnly StartDate { get; }

    /// <summary>The day after the last day (exclusive, as Google's all-day events).</summary>
    public DateOnly EndDate { get; }

    public static Period Timed(DateTimeOffset start, DateTimeOffset end) =>
        end > start
            ? new Period(false, start.ToUniversalTime(), end.ToUniversalTime(), default, default)
            : throw new DomainValidationException("end", $"A period must end after it starts ({start:O} to {end:O}).");

    public static Period AllDay(DateOnly startDate, DateOnly endDateExclusive) =>
        endDateExclusive > startDate
            ? new Period(true, default, default, startDate, endDateExclusive)
            : throw new DomainValidationException(
                "endDate", $"An all-day period must end (exclusive) after its first day ({startDate:O} to {endDateExclusive:O}).");

    /// <summary>The UTC instants this period covers in <paramref name="zone"/>; all-day periods run from local midnight to local midnight, so a DST day is 23 or 25 hours.</summary>
    public (DateTimeOffset Start, DateTimeOffset End) ToInstants(TimeZoneInfo zone) =>
        IsAllDay ? (StartOfDay(StartDate, zone), StartOfDay(EndDate, zone)) : (Start, End);

    public bool Overlaps(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        var (start, end) = ToInstants(zone);
        return start < to && end > from;
    }

    /// <summary>The first instant of a local day; where a DST change skips midnight, the first local time that exists.</summary>
    public static DateTimeOffset StartOfDay(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public override string ToString() =>
        IsAllDay ? $"{StartDate:O}..{EndDate:O}" : $"{Start:O}..{End:O}";
}
