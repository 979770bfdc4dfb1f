using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Google.Errors;
using Google;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;

namespace CalendarSync.Google.Auth;

/// <summary>Core's <see cref="ICalendarAuthorization"/> on Google OAuth (PKCE S256) and the primary calendar's list entry.</summary>
public sealed class GoogleCalendarAuthorization(GoogleOAuthClient oauth, CalendarServiceFactory services) : ICalendarAuthorization
{
    public ConsentRequest BeginConsent(string state, string? loginHint, bool readsBusyTimes = false, bool createsCalendar = false)
    {
        var pkce = PkceCodes.Create();
        string[] more =
        [
            .. readsBusyTimes ? [Calendar.CalendarService.Scope.CalendarEventsFreebusy] : Array.Empty<string>(),
            .. createsCalendar ? [Calendar.CalendarService.Scope.CalendarAppCreated] : Array.Empty<string>(),
        ];
        return new ConsentRequest(oauth.CreateAuthorizationUrl(state, pkce.Challenge, loginHint, more), pkce.Verifier);
    }

    public async Task<CalendarGrant> ExchangeCodeAsync(string code, string codeVerifier, CancellationToken cancellationToken)
    {
        try
        {
            var token = await oauth.ExchangeCodeAsync(code, codeVerifier, cancellationToken);

            // The fresh access token alone: a credential that could refresh would store what it got under somebody's name.
            using var service = services.Create(GoogleCredential.FromAccessToken(token.AccessToken));
            var primary = await service.CalendarList.Get("primary").ExecuteAsync(cancellationToken);
            return new CalendarGrant(
                new ConnectedCalendar(
                    primary.Id ?? throw new CalendarAuthorizationFailedException("Google answered no id for the primary calendar."),
                    primary.TimeZone ?? "UTC"),
                token.RefreshToken);
        }
        catch (TokenResponseException ex) when (GoogleErrorClassifier.Classify(ex, cancellationToken) is GoogleErrorKind.GrantRevoked or GoogleErrorKind.Invalid)
        {
            throw new CalendarAuthorizationFailedException(
                $"Google did not accept the sign-in ({ex.Error?.Error}). Start connecting the calendar again.", ex);
        }
        catch (Exception ex) when (ex is GoogleApiException or TokenResponseException or HttpRequestException or TaskCanceledException
                                   && GoogleErrorClassifier.Classify(ex, cancellationToken) == GoogleErrorKind.Transient)
        {
            throw new CalendarTransientException("Google did not answer while connecting the calendar; try again in a moment.", ex);
        }
    }

    public Task KeepAsync(string staffId, CalendarGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return oauth.KeepAsync(staffId, grant.RefreshToken, cancellationToken);
    }

    public Task RevokeAsync(CalendarGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return oauth.RevokeTokenAsync(grant.RefreshToken, cancellationToken);
    }

    public Task RevokeAsync(string staffId, CancellationToken cancellationToken) => oauth.RevokeAsync(staffId, cancellationToken);
}
