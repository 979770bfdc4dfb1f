using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Calendar;

/// <summary>
/// A staff member's calendars as a whole, with the connection's grant (Google: <c>calendarList</c>, <c>calendars.insert</c>;
/// free/busy of several calendars is <see cref="ICalendar.QueryFreeBusyAsync"/>). Failures throw a <see cref="CalendarException"/>, as <see cref="ICalendar"/>'s do.
/// </summary>
public interface ICalendarDirectory
{
    /// <summary>Every calendar on the staff member's calendar list, paged through, in the list's order.</summary>
    Task<IReadOnlyList<CalendarEntry>> ListCalendarsAsync(CalendarConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// A new calendar owned by the staff member (a "Bookings" calendar), on their list, with <paramref name="description"/>
    /// (none: null). Google refuses it (<see cref="CalendarNotWritableException"/>) for a grant without the scope to create calendars.
    /// </summary>
    Task<CalendarEntry> CreateCalendarAsync(
        CalendarConnection connection, string summary, string timeZone, string? description, CancellationToken cancellationToken);
}
