using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Google.Auth;
using CalendarSync.Google.Calendar;

namespace CalendarSync.Google.Sync;

/// <summary>A <see cref="CalendarService"/> acting with one connection's stored grant, for the adapters of Core's calendar ports.</summary>
internal static class StaffCalendarService
{
    /// <summary>The service; a staff member with no stored grant throws <see cref="CalendarGrantRevokedException"/> naming <paramref name="purpose"/>.</summary>
    public static async Task<CalendarService> OpenAsync(
        GoogleOAuthClient oauth, CalendarServiceFactory services, CalendarConnection connection, string purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var credential = await oauth.GetCredentialAsync(connection.StaffId, cancellationToken)
            ?? throw new CalendarGrantRevokedException($"Staff member {connection.StaffId} has no stored Google grant; {purpose}.");
        return services.Create(credential);
    }
}
