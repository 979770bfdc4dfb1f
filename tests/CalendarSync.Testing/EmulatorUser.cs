namespace CalendarSync.Testing;

/// <summary>A user created through the emulator's admin API, with tokens of an offline grant for the default client.</summary>
public sealed record EmulatorUser(string Email, string AccessToken, string RefreshToken);
