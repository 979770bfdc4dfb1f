using System.Collections.Concurrent;
using CalendarSync.Core.Connections;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Util.Store;

namespace CalendarSync.Google.Auth;

/// <summary>
/// The token store Google.Apis' authorization code flow writes to, keyed by staff id. Access
/// tokens stay in this instance's memory until they go stale; the refresh token goes through
/// <see cref="IRefreshTokenStore"/> (Key Vault), and only when it changed.
/// </summary>
public sealed class RefreshTokenDataStore(IRefreshTokenStore refreshTokens) : IDataStore
{
    private readonly ConcurrentDictionary<string, TokenResponse> _tokens = new(StringComparer.Ordinal);

    public async Task StoreAsync<T>(string key, T value)
    {
        var token = AsToken(value);
        var known = _tokens.TryGetValue(key, out var previous) ? previous.RefreshToken : null;
        if (token.RefreshToken is { Length: > 0 } refreshToken && !string.Equals(refreshToken, known, StringComparison.Ordinal))
        {
            await refreshTokens.SetAsync(key, refreshToken, CancellationToken.None);
        }

        _tokens[key] = token;
    }

    public async Task<T> GetAsync<T>(string key)
    {
        if (typeof(T) != typeof(TokenResponse))
        {
            throw new NotSupportedException($"{nameof(RefreshTokenDataStore)} keeps OAuth tokens only, not {typeof(T).Name}.");
        }

        if (!_tokens.TryGetValue(key, out var token))
        {
            var refreshToken = await refreshTokens.GetAsync(key, CancellationToken.None);
            if (refreshToken is null)
            {
                return default!;
            }

            // No access token yet: Google.Apis sees the token as stale and refreshes before the first call.
            token = _tokens.GetOrAdd(key, new TokenResponse { RefreshToken = refreshToken });
        }

        return (T)(object)token;
    }

    /// <summary>
    /// Forgets the cached tokens only. Google.Apis calls this whenever the token endpoint answers an error that is not a
    /// 5xx, a <c>429</c> rate limit included: deleting the refresh token then would lose a live grant to a transient answer
    /// and leave the staff member to reconnect. A grant is deleted on purpose only, by <see cref="GoogleOAuthClient.RevokeAsync"/>.
    /// </summary>
    public Task DeleteAsync<T>(string key)
    {
        _tokens.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    /// <summary>Forgets every cached access token; refresh tokens stay where they are.</summary>
    public Task ClearAsync()
    {
        _tokens.Clear();
        return Task.CompletedTask;
    }

    private static TokenResponse AsToken<T>(T value) => value as TokenResponse
        ?? throw new NotSupportedException($"{nameof(RefreshTokenDataStore)} keeps OAuth tokens only, not {typeof(T).Name}.");
}
