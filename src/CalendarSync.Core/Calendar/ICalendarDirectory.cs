using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Calendar;

/// <summary>
/// A staff member's calendars as a whole, with the connection's grant (Google: <c>calendarList</c>, <c>calendars.insert</c>,
/// <c>freeBusy.query</c>). Failures throw a <see cref="CalendarException"/>, as <see cref="ICalendar"/>'s do.
/// </summary>
public interface ICalendarDirectory
{
    /// <summary>Every calendar on the staff member's calendar list, paged through, in the list's order.</summary>
    Task<IReadOnlyList<CalendarEntry>> ListCalendarsAsync(CalendarConnection connection, CancellationToken cancellationToken);

    /// <summary>A new calendar owned by the staff member (a "Bookings" calendar), on their list.</summary>
    Task<CalendarEntry> CreateCalendarAsync(CalendarConnection connection, string summary, string timeZone, CancellationToken cancellationToken);

    /// <summary>
    /// The busy periods of several calendars in [<paramref name="timeMin"/>, <paramref name="timeMax"/>), one answer per
    /// calendar id asked (at most <see cref="MaxFreeBusyCalendars"/>): a calendar Google will not answer for carries its
    /// reason instead of failing the others.
    /// </summary>
    Task<IReadOnlyDictionary<string, CalendarBusy>> QueryFreeBusyAsync(
        CalendarConnection connection, IReadOnlyList<string> calendarIds, DateTimeOffset timeMin, DateTimeOffset timeMax, CancellationToken cancellationToken);

    /// <summary>Google answers at most 50 calendars a query.</summary>
    public const int MaxFreeBusyCalendars = 50;
}
