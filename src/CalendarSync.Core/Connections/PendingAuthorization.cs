namespace CalendarSync.Core.Connections;

/// <summary>
/// A consent we sent a staff member to and have not heard back about: what the callback needs and must not
/// take from the browser (the PKCE verifier), kept server-side under the state's nonce until it is used once.
/// </summary>
public sealed record PendingAuthorization(string Nonce, string StaffId, string CodeVerifier, DateTimeOffset ExpiresAt);
