namespace CalendarSync.Emulator.OAuth;

/// <summary>One secret the emulator handed out: its kind (<c>authorizationCode</c>, <c>accessToken</c>, <c>refreshToken</c>), whose it is, and its value.</summary>
public sealed record IssuedCredential(string Kind, string Email, string Value)
{
    public const string AuthorizationCode = "authorizationCode";
    public const string AccessToken = "accessToken";
    public const string RefreshToken = "refreshToken";
}
