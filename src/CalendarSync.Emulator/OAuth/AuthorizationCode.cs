namespace CalendarSync.Emulator.OAuth;

/// <summary>What an authorization code was issued for, checked again when it is exchanged.</summary>
internal sealed record AuthorizationCode(
    string Email,
    string ClientId,
    string RedirectUri,
    string Scope,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    bool Offline,
    bool ForceConsent,
    DateTimeOffset ExpiresAt);
