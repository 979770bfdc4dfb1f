namespace CalendarSync.Emulator.OAuth;

/// <summary>
/// A user's consent to one client: its refresh tokens and access tokens live and die with it. A forced consent adds a
/// refresh token without invalidating the earlier ones; past <see cref="MaxRefreshTokens"/>, the oldest stops working,
/// as Google documents.
/// </summary>
internal sealed class Grant(string email, string clientId, string scope)
{
    public string Email { get; } = email;

    public string ClientId { get; } = clientId;

    private string _scope = scope;

    /// <summary>The scopes granted so far, space-separated (a later consent adds its own).</summary>
    public string Scope
    {
        get => _scope;
        set
        {
            _scope = value;
            Scopes = Split(value);
        }
    }

    public IReadOnlySet<string> Scopes { get; private set; } = Split(scope);

    public const int MaxRefreshTokens = 100;

    /// <summary>The newest refresh token.</summary>
    public string? RefreshToken => RefreshTokens.Count == 0 ? null : RefreshTokens.Last!.Value;

    /// <summary>Every refresh token that still works, oldest first.</summary>
    public LinkedList<string> RefreshTokens { get; } = new();

    public bool Revoked { get; set; }

    private static HashSet<string> Split(string scope) => new(scope.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
}
