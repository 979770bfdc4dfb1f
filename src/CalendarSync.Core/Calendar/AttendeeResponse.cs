namespace CalendarSync.Core.Calendar;

/// <summary>The calendar owner's own answer to an invitation; <see cref="None"/> when they are not an attendee (their own event).</summary>
public enum AttendeeResponse
{
    None,
    NeedsAction,
    Tentative,
    Accepted,
    Declined,
}
