namespace CalendarSync.Emulator.OAuth;

/// <summary>A user's consent to one client: its refresh token and access tokens live and die with it.</summary>
internal sealed class Grant(string email, string clientId, string scope)
{
    public string Email { get; } = email;

    public string ClientId { get; } = clientId;

    public string Scope { get; set; } = scope;

    public string? RefreshToken { get; set; }

    public bool Revoked { get; set; }
}
