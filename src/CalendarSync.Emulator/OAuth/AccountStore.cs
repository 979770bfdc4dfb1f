using System.Collections.Concurrent;
using System.Security.Cryptography;
using CalendarSync.Emulator.Calendar;
using Microsoft.Extensions.Options;

namespace CalendarSync.Emulator.OAuth;

/// <summary>Users, their grants, and the codes and tokens issued for them.</summary>
public sealed class AccountStore(IOptions<EmulatorOptions> options, TimeProvider time)
{
    public const string CalendarScope = "https://www.googleapis.com/auth/calendar";

    private const string TokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private readonly ConcurrentDictionary<string, string> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Grant> _grants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Grant> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (Grant Grant, DateTimeOffset ExpiresAt)> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<IssuedCredential> _issued = new();
    private readonly Lock _gate = new();

    public EmulatorOptions Options => options.Value;

    /// <summary>
    /// Every authorization code, access token and refresh token issued since the start or the last reset, used, expired
    /// and revoked ones included, so a test can search what an app stored or logged for any of them.
    /// </summary>
    public IReadOnlyList<IssuedCredential> Issued => [.. _issued];

    /// <summary>Adds a user (or finds the existing one) and returns the email as stored.</summary>
    public string AddUser(string email) => _users.GetOrAdd(email, email);

    public string? FindUser(string email) => _users.GetValueOrDefault(email);

    /// <summary>
    /// The grant a test user gets at creation: offline access for the configured client, with <paramref name="scope"/>
    /// (space-separated; default CalendarSync's own consent, <see cref="CalendarScopes.Default"/>).
    /// </summary>
    public (string AccessToken, string RefreshToken) GrantOffline(string email, string? scope = null)
    {
        lock (_gate)
        {
            var grant = GrantFor(email, Options.ClientId, string.IsNullOrWhiteSpace(scope) ? CalendarScopes.Default : scope);
            return (IssueAccessToken(grant), grant.RefreshToken ?? IssueRefreshToken(grant));
        }
    }

    internal string IssueCode(AuthorizationCode code)
    {
        var value = "4/0emu" + RandomNumberGenerator.GetString(TokenAlphabet, 40);
        _codes[value] = code;
        _issued.Enqueue(new IssuedCredential(IssuedCredential.AuthorizationCode, code.Email, value));
        return value;
    }

    /// <summary>Takes a code out for good: a code works once, even when the exchange then fails.</summary>
    internal AuthorizationCode? RedeemCode(string code) =>
        _codes.TryRemove(code, out var issued) && issued.ExpiresAt > time.GetUtcNow() ? issued : null;

    /// <summary>Exchanges a redeemed code: a refresh token only with offline access, on the first consent or a forced one.</summary>
    internal (string AccessToken, string? RefreshToken, string Scope) Exchange(AuthorizationCode code)
    {
        lock (_gate)
        {
            var grant = GrantFor(code.Email, code.ClientId, code.Scope);
            string? refreshToken = null;
            if (code.Offline && (grant.RefreshToken is null || code.ForceConsent))
            {
                refreshToken = IssueRefreshToken(grant);
            }

            return (IssueAccessToken(grant), refreshToken, grant.Scope);
        }
    }

    internal (string AccessToken, string Scope, string ClientId)? Refresh(string refreshToken)
    {
        lock (_gate)
        {
            return _refreshTokens.TryGetValue(refreshToken, out var grant) && !grant.Revoked
                ? (IssueAccessToken(grant), grant.Scope, grant.ClientId)
                : null;
        }
    }

    /// <summary>Revokes the grant an access or refresh token belongs to; false for a token it never issued.</summary>
    public bool Revoke(string token)
    {
        var grant = _refreshTokens.GetValueOrDefault(token) ?? (_accessTokens.TryGetValue(token, out var access) ? access.Grant : null);
        if (grant is null || grant.Revoked)
        {
            return false;
        }

        RevokeGrant(grant);
        return true;
    }

    /// <summary>Revokes every grant of a user, as when they remove the app's access in their Google account.</summary>
    public bool RevokeUser(string email)
    {
        var revoked = false;
        foreach (var grant in _grants.Values.Where(g => string.Equals(g.Email, email, StringComparison.OrdinalIgnoreCase)))
        {
            RevokeGrant(grant);
            revoked = true;
        }

        return revoked;
    }

    /// <summary>The caller a valid, unexpired access token stands for (user, client, scopes); null otherwise.</summary>
    internal Caller? Identify(string? accessToken) =>
        accessToken is not null && _accessTokens.TryGetValue(accessToken, out var issued) &&
        !issued.Grant.Revoked && issued.ExpiresAt > time.GetUtcNow()
            ? new Caller(issued.Grant.Email, issued.Grant.ClientId, issued.Grant.Scopes)
            : null;

    /// <summary>The email whose valid, unexpired access token this is; null otherwise.</summary>
    public string? Authenticate(string? accessToken) =>
        accessToken is not null && _accessTokens.TryGetValue(accessToken, out var issued) &&
        !issued.Grant.Revoked && issued.ExpiresAt > time.GetUtcNow()
            ? issued.Grant.Email
            : null;

    public void Clear()
    {
        lock (_gate)
        {
            _users.Clear();
            _grants.Clear();
            _refreshTokens.Clear();
            _accessTokens.Clear();
            _codes.Clear();
            _issued.Clear();
        }
    }

    private void RevokeGrant(Grant grant)
    {
        lock (_gate)
        {
            grant.Revoked = true;
            _grants.TryRemove(GrantKey(grant.Email, grant.ClientId), out _);
            foreach (var refreshToken in grant.RefreshTokens)
            {
                _refreshTokens.TryRemove(refreshToken, out _);
            }

            foreach (var token in _accessTokens.Where(pair => pair.Value.Grant == grant).Select(pair => pair.Key).ToList())
            {
                _accessTokens.TryRemove(token, out _);
            }
        }
    }

    private Grant GrantFor(string email, string clientId, string scope)
    {
        var grant = _grants.GetOrAdd(GrantKey(email, clientId), _ => new Grant(email, clientId, scope));
        grant.Scope = string.Join(' ', grant.Scope.Split(' ').Union(scope.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        return grant;
    }

    private string IssueRefreshToken(Grant grant)
    {
        var token = "1//emu" + RandomNumberGenerator.GetString(TokenAlphabet, 60);
        _refreshTokens[token] = grant;
        grant.RefreshTokens.AddLast(token);
        if (grant.RefreshTokens.Count > Grant.MaxRefreshTokens)
        {
            _refreshTokens.TryRemove(grant.RefreshTokens.First!.Value, out _);
            grant.RefreshTokens.RemoveFirst();
        }

        _issued.Enqueue(new IssuedCredential(IssuedCredential.RefreshToken, grant.Email, token));
        return token;
    }

    private string IssueAccessToken(Grant grant)
    {
        // Long benchmark runs refresh often; expired tokens are dropped now and then so memory stays flat.
        if (_accessTokens.Count > 10_000)
        {
            var now = time.GetUtcNow();
            foreach (var expired in _accessTokens.Where(pair => pair.Value.ExpiresAt <= now).Select(pair => pair.Key).ToList())
            {
                _accessTokens.TryRemove(expired, out _);
            }
        }

        var token = "ya29.emu" + RandomNumberGenerator.GetString(TokenAlphabet, 80);
        _accessTokens[token] = (grant, time.GetUtcNow() + Options.AccessTokenLifetime);
        _issued.Enqueue(new IssuedCredential(IssuedCredential.AccessToken, grant.Email, token));
        return token;
    }

    private static string GrantKey(string email, string clientId) => email.ToUpperInvariant() + "\n" + clientId;
}
