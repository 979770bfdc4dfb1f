using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Calendar;

/// <summary>Opens a calendar of a connection with its stored grant; a revoked grant throws <see cref="CalendarGrantRevokedException"/>.</summary>
public interface ICalendarProvider
{
    /// <summary>The connection's own calendar (<see cref="CalendarConnection.CalendarId"/>).</summary>
    Task<ICalendar> OpenAsync(CalendarConnection connection, CancellationToken cancellationToken) =>
        OpenAsync(connection, connection.CalendarId, cancellationToken);

    /// <summary>
    /// Any calendar on the staff member's calendar list (see <see cref="ICalendarDirectory"/>), with the connection's grant.
    /// Opening checks nothing; a call on a calendar that is gone, or no longer shared with them, throws <see cref="CalendarNotFoundException"/>.
    /// </summary>
    Task<ICalendar> OpenAsync(CalendarConnection connection, string calendarId, CancellationToken cancellationToken);
}
