using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Google.Auth;
using CalendarSync.Google.Calendar;

namespace CalendarSync.Google.Sync;

/// <summary>Opens a connection's Google Calendars with the staff member's stored grant.</summary>
public sealed class GoogleCalendarProvider(
    GoogleOAuthClient oauth, CalendarServiceFactory services, GoogleOptions options, TimeProvider timeProvider) : ICalendarProvider
{
    public Task<ICalendar> OpenAsync(CalendarConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return OpenAsync(connection, connection.CalendarId, cancellationToken);
    }

    public async Task<ICalendar> OpenAsync(CalendarConnection connection, string calendarId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(calendarId);
        var service = await StaffCalendarService.OpenAsync(oauth, services, connection, "they need to connect their calendar again", cancellationToken);
        return new GoogleCalendar(service, calendarId, new CalendarBatch(service, options.Retry, timeProvider));
    }
}
