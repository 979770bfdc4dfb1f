namespace CalendarSync.Core.Connections;

/// <summary>Connecting a staff member's calendar at its provider (Google implements it with OAuth and PKCE).</summary>
public interface ICalendarAuthorization
{
    /// <summary>
    /// The provider's consent page for this <paramref name="state"/>, preselecting <paramref name="loginHint"/>'s account,
    /// and the PKCE verifier to keep until the callback. It asks for what syncing events needs, and for reading free/busy
    /// too only when <paramref name="readsBusyTimes"/> (the staff member chose calendars read as busy times), for creating a
    /// calendar only when <paramref name="createsCalendar"/> (a write calendar they asked for awaits it).
    /// </summary>
    ConsentRequest BeginConsent(string state, string? loginHint, bool readsBusyTimes = false, bool createsCalendar = false);

    /// <summary>
    /// Exchanges the provider's code and reads the primary calendar it opens; keeps nothing, so the caller can check the
    /// account before the grant replaces anything. A code that is wrong, used or expired throws
    /// <see cref="CalendarAuthorizationFailedException"/>.
    /// </summary>
    Task<CalendarGrant> ExchangeCodeAsync(string code, string codeVerifier, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="grant"/> the staff member's from now on (their refresh token).</summary>
    Task KeepAsync(string staffId, CalendarGrant grant, CancellationToken cancellationToken);

    /// <summary>Revokes a grant that was never kept (a consent given by the wrong account).</summary>
    Task RevokeAsync(CalendarGrant grant, CancellationToken cancellationToken);

    /// <summary>Revokes the staff member's grant at the provider and forgets it; nothing if there is none.</summary>
    Task RevokeAsync(string staffId, CancellationToken cancellationToken);
}
