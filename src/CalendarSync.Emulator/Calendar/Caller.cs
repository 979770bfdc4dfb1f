namespace CalendarSync.Emulator.Calendar;

/// <summary>Who makes a Calendar call: the user, the OAuth client their token was issued to, and the scopes of its grant.</summary>
internal sealed record Caller(string Email, string ClientId, IReadOnlySet<string> Scopes);
