using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Sync;

/// <summary>How a local item looks as an event, and how a Google event reads as time: the one place both directions agree on.</summary>
public static class EventRendering
{
    /// <summary>Whether the item should have an event at all (Google-origin blocks came from an event; they never go back).</summary>
    public static bool BelongsOnCalendar(LocalItem item) =>
        !item.IsDeleted
        && item is not Appointment { Status: AppointmentStatus.Cancelled }
        && item is not BlockedSlot { Origin: BlockOrigin.Google };

    public static CalendarEvent Render(LocalItem item, TimeZoneInfo staffZone)
    {
        var (summary, description) = item switch
        {
            Appointment a => ($"Appointment: {a.CustomerName}", string.Join("\n\n", new[] { a.Title, a.Notes }.Where(s => !string.IsNullOrWhiteSpace(s)))),
            BlockedSlot b => (string.IsNullOrWhiteSpace(b.Summary) ? "Blocked" : b.Summary, null),
            AvailabilityException e => ("Unavailable", e.Reason),
            BusinessClosure c => ($"Closed: {c.Name}", null),
            _ => throw new ArgumentException($"No rendering for {item.GetType().Name}.", nameof(item)),
        };
        var period = item.Period;
        return new CalendarEvent
        {
            Id = EventIds.For(item.Key),
            Summary = summary,
            Description = string.IsNullOrEmpty(description) ? null : description,
            Start = period.IsAllDay ? EventDateTime.ForDate(period.StartDate) : EventDateTime.ForInstant(period.Start, staffZone),
            End = period.IsAllDay ? EventDateTime.ForDate(period.EndDate) : EventDateTime.ForInstant(period.End, staffZone),
            Status = EventStatus.Confirmed,
            Transparency = EventTransparency.Opaque,
            PrivateProperties = new Dictionary<string, string>
            {
                [EventIds.KeyProperty] = item.Key.ToString(),
                [EventIds.VersionProperty] = item.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
    }

    /// <summary>Whether an event in Google already shows what <paramref name="rendered"/> says (the version marker aside: it is a hint, not content).</summary>
    public static bool Matches(CalendarEvent current, CalendarEvent rendered) =>
        current.Status != EventStatus.Cancelled
        && current.Summary == rendered.Summary
        && (current.Description ?? string.Empty) == (rendered.Description ?? string.Empty)
        && current.Start is not null && current.Start.SameTimeAs(rendered.Start)
        && current.End is not null && current.End.SameTimeAs(rendered.End)
        && current.Transparency == rendered.Transparency
        && current.EventType == EventType.Default
        && current.PrivateProperties.GetValueOrDefault(EventIds.KeyProperty) == rendered.PrivateProperties[EventIds.KeyProperty];

    /// <summary>The time an event takes: its dates if all-day, else its instants; null if it has neither.</summary>
    public static Period? PeriodOf(CalendarEvent calendarEvent) =>
        calendarEvent switch
        {
            { Start.Date: { } startDate, End.Date: { } endDate } when endDate > startDate => Period.AllDay(startDate, endDate),
            { Start.DateTime: { } start, End.DateTime: { } end } when end > start => Period.Timed(start, end),
            _ => null,
        };

    /// <summary>A block's summary is a label, at most as long as the data API allows one; Google's may run to megabytes.</summary>
    public const int MaxBlockSummary = 200;

    /// <summary>
    /// The summary a Google-origin block keeps: the event's as <see cref="PlainText"/>, cut to <see cref="MaxBlockSummary"/>
    /// characters. Whoever wrote the event (the sender of an invitation) wrote it, and it is shown to the appointment
    /// system and to operators' terminals.
    /// </summary>
    public static string? BlockSummary(CalendarEvent calendarEvent) => PlainText.Of(calendarEvent.Summary, MaxBlockSummary);

    /// <summary>
    /// DESIGN.md's blocking rule: opaque, not cancelled, not declined by the owner, not a working-location entry; and,
    /// where only accepted invitations block, not an invitation the owner left unanswered or answered "maybe". An
    /// event without the owner among its attendees (their own, or one without guests) is not an invitation.
    /// </summary>
    public static bool Blocks(CalendarEvent calendarEvent, InvitationsBlock invitations = InvitationsBlock.Any) =>
        calendarEvent.Status != EventStatus.Cancelled
        && calendarEvent.Transparency == EventTransparency.Opaque
        && calendarEvent.SelfResponse != AttendeeResponse.Declined
        && (invitations == InvitationsBlock.Any || calendarEvent.SelfResponse is AttendeeResponse.None or AttendeeResponse.Accepted)
        && calendarEvent.EventType != EventType.WorkingLocation
        && PeriodOf(calendarEvent) is not null;
}
