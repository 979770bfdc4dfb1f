namespace CalendarSync.Core.Calendar;

/// <summary>An event's start or end as Google has it: a date (all-day) or an instant with the zone it is shown in.</summary>
public sealed record EventDateTime
{
    public DateOnly? Date { get; init; }

    public DateTimeOffset? DateTime { get; init; }

    /// <summary>IANA zone the event is shown in; for all-day events usually absent.</summary>
    public string? TimeZone { get; init; }

    public static EventDateTime ForDate(DateOnly date) => new() { Date = date };

    public static EventDateTime ForInstant(DateTimeOffset instant, TimeZoneInfo zone) =>
        new() { DateTime = System.TimeZoneInfo.ConvertTime(instant, zone), TimeZone = zone.Id };

    /// <summary>Same day, or same instant whatever the offset it is written with.</summary>
    public bool SameTimeAs(EventDateTime? other) =>
        other is not null && Date == other.Date && DateTime?.UtcDateTime == other.DateTime?.UtcDateTime;
}
