namespace CalendarSync.Core.Calendar;

/// <summary>
/// One staff member's calendar, as the sync sees it (CalendarSync.Google implements it on Calendar v3). Failures that concern the
/// whole call throw a <see cref="CalendarException"/>; per-write answers (409, 412, 404) come back as outcomes.
/// </summary>
public interface ICalendar
{
    /// <summary><c>events.list</c>; a sync token Google no longer accepts (410) throws <see cref="FullResyncRequiredException"/>.</summary>
    Task<EventPage> ListEventsAsync(EventListRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// <c>events.instances</c>: the current instances of one recurring event (<paramref name="recurringEventId"/>) in the
    /// request's time range. The sync asks for it when a series changed, because an incremental listing need not name
    /// the instances a change to the whole series replaced. A series Google no longer has (404, 410) answers an empty page.
    /// </summary>
    Task<EventPage> ListInstancesAsync(string recurringEventId, EventListRequest request, CancellationToken cancellationToken);

    /// <summary><c>events.get</c>, deleted events included (as <see cref="EventStatus.Cancelled"/>); null when Google has no such id.</summary>
    Task<CalendarEvent?> GetEventAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>
    /// Applies the writes (at most <see cref="MaxWritesPerCall"/>, independent of each other) and answers one result
    /// per write in the same order; an implementation may send them as one batch request.
    /// </summary>
    Task<IReadOnlyList<EventWriteResult>> WriteAsync(IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken);

    /// <summary>
    /// events.move of one of this calendar's events to <paramref name="destinationCalendarId"/> (same id there); the event as
    /// it is in the destination, or null when this calendar has no such live event (404, 410).
    /// </summary>
    Task<CalendarEvent?> MoveEventAsync(string eventId, string destinationCalendarId, CancellationToken cancellationToken);

    /// <summary>
    /// <c>freebusy.query</c> for the calendars <paramref name="calendarIds"/> (at most <see cref="MaxFreeBusyCalendars"/>),
    /// by the same grant: for each, the periods in [<paramref name="timeMin"/>, <paramref name="timeMax"/>) that Google
    /// counts busy, clipped to the range, merged, oldest first; or the reason Google gave for not answering for it. The
    /// range may be longer than Google takes in one call (<see cref="MaxFreeBusyRange"/>): it is asked in parts.
    /// </summary>
    Task<IReadOnlyDictionary<string, CalendarBusy>> QueryFreeBusyAsync(
        IReadOnlyList<string> calendarIds, DateTimeOffset timeMin, DateTimeOffset timeMax, CancellationToken cancellationToken);

    /// <summary>
    /// The staff member's calendar list (Google's <c>calendarList.list</c>, paged through), by the same grant: the calendars
    /// they see in Google Calendar. One they unsubscribed from, or that was unshared from them or deleted, is not on it.
    /// </summary>
    Task<IReadOnlyList<CalendarEntry>> ListCalendarsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Another calendar of the staff member's list, by the same grant and connection (disposed with this one). Opening checks
    /// nothing; a call on a calendar that is gone, or no longer shared with them, throws <see cref="CalendarNotFoundException"/>.
    /// </summary>
    ICalendar OnCalendar(string calendarId);

    /// <summary>Google answers free/busy for 50 calendars a call.</summary>
    public const int MaxFreeBusyCalendars = 50;

    /// <summary>Google refuses a free/busy range longer than about three months ("The requested time range is too long").</summary>
    public static readonly TimeSpan MaxFreeBusyRange = TimeSpan.FromDays(60);

    /// <summary>Google's batch endpoint takes 50 calls per request.</summary>
    public const int MaxWritesPerCall = 50;
}
