using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Google.Auth;
using CalendarSync.Google.Calendar;

namespace CalendarSync.Google.Sync;

/// <summary>Opens a connection's Google Calendar with the staff member's stored grant.</summary>
public sealed class GoogleCalendarProvider(
    GoogleOAuthClient oauth, CalendarServiceFactory services, GoogleOptions options, TimeProvider timeProvider) : ICalendarProvider
{
    public async Task<ICalendar> OpenAsync(CalendarConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var credential = await oauth.GetCredentialAsync(connection.StaffId, cancellationToken)
            ?? throw new CalendarGrantRevokedException(
                $"Staff member {connection.StaffId} has no stored Google grant; they need to connect their calendar again.");
        var service = services.Create(credential);
        return new GoogleCalendar(service, connection.CalendarId, new CalendarBatch(service, options.Retry, timeProvider));
    }
}
