namespace CalendarSync.Core.Calendar;

/// <summary>One calendar on a staff member's calendar list: its id, title, IANA time zone, their access, and whether it is their primary.</summary>
public sealed record CalendarEntry(string Id, string Summary, string TimeZone, CalendarAccessRole AccessRole, bool IsPrimary)
{
    /// <summary>The calendar's description as Google holds it; CalendarSync marks the calendars it creates there.</summary>
    public string? Description { get; init; }
}
