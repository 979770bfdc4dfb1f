namespace CalendarSync.Core.Connections;

/// <summary>Where to send the staff member, and the PKCE verifier that stays on our side.</summary>
public sealed record ConsentRequest(Uri ConsentUrl, string CodeVerifier);
