namespace CalendarSync.Core.Connections;

/// <summary>Connecting a staff member's calendar at its provider (Google implements it with OAuth and PKCE).</summary>
public interface ICalendarAuthorization
{
    /// <summary>The provider's consent page for this <paramref name="state"/>, and the PKCE verifier to keep until the callback.</summary>
    ConsentRequest BeginConsent(string state, string? loginHint);

    /// <summary>
    /// Exchanges the provider's code, keeps the staff member's grant (refresh token) and reads their primary calendar.
    /// A code that is wrong, used or expired throws <see cref="CalendarAuthorizationFailedException"/>.
    /// </summary>
    Task<ConnectedCalendar> CompleteConsentAsync(string staffId, string code, string codeVerifier, CancellationToken cancellationToken);

    /// <summary>Revokes the grant at the provider and forgets it; nothing if there is none.</summary>
    Task RevokeAsync(string staffId, CancellationToken cancellationToken);
}
