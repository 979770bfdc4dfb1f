namespace CalendarSync.Core.Connections;

/// <summary>
/// A connect link or a consent we sent a staff member to and have not heard back about, kept server-side under its
/// nonce until it is used once: the Google account it is for, and, once the consent has started, the PKCE verifier the
/// callback needs and must not take from the browser.
/// </summary>
public sealed record PendingAuthorization(string Nonce, string StaffId, string ExpectedAccount, string? CodeVerifier, DateTimeOffset ExpiresAt)
{
    /// <summary>A connect link not opened yet: no consent has started, so there is no verifier.</summary>
    public bool IsLink => CodeVerifier is null;
}
