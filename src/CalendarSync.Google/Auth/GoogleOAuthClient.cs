using CalendarSync.Core.Connections;
using CalendarSync.Google.Calendar;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Flows;
using Google.Apis.Auth.OAuth2.Requests;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Http;

namespace CalendarSync.Google.Auth;

/// <summary>
/// Google OAuth for a staff member's calendar, on Google.Apis.Auth's authorization code flow:
/// the consent URL, the code exchange, credentials that refresh themselves, and revocation.
/// </summary>
public sealed class GoogleOAuthClient : IDisposable
{
    /// <summary>
    /// <c>calendar.events</c> to write and read events; <c>calendar.calendarlist.readonly</c> to read
    /// the primary calendar's id and time zone (events.list alone gives the zone but not the id).
    /// </summary>
    public static readonly IReadOnlyList<string> Scopes =
        [CalendarService.Scope.CalendarEvents, CalendarService.Scope.CalendarCalendarlistReadonly];

    private readonly GoogleAuthorizationCodeFlow _flow;
    private readonly IRefreshTokenStore _refreshTokens;
    private readonly Uri _redirectUri;
    private readonly Uri _revokeUri;

    public GoogleOAuthClient(GoogleOptions options, IRefreshTokenStore refreshTokens, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _redirectUri = options.RedirectUri ?? throw new ArgumentException("Google:RedirectUri is required.", nameof(options));
        _refreshTokens = refreshTokens;
        _revokeUri = options.RevokeEndpoint;
        _flow = new GoogleAuthorizationCodeFlow(new EndpointsInitializer(options)
        {
            ClientSecrets = new ClientSecrets { ClientId = options.ClientId, ClientSecret = options.ClientSecret },
            Scopes = Scopes,
            DataStore = new RefreshTokenDataStore(refreshTokens),
            // Consent every time we ask, so Google issues a refresh token even on a reconnect.
            Prompt = "consent",
            IncludeGrantedScopes = false,
            Clock = new TimeProviderClock(timeProvider),
            // Token calls fail fast: a 5xx or timeout is transient and the queue retries the sync.
            DefaultExponentialBackOffPolicy = ExponentialBackOffPolicy.None,
        });
    }

    /// <summary>
    /// Google's consent page for one staff member, with PKCE and our opaque <paramref name="state"/>, asking for
    /// <see cref="Scopes"/> and the <paramref name="moreScopes"/> the staff member's choices need.
    /// </summary>
    public Uri CreateAuthorizationUrl(string state, string codeChallenge, string? loginHint = null, IReadOnlyList<string>? moreScopes = null)
    {
        var request = (GoogleAuthorizationCodeRequestUrl)_flow.CreateAuthorizationCodeRequest(_redirectUri.AbsoluteUri);
        request.Scope = string.Join(' ', Scopes.Concat(moreScopes ?? []).Distinct(StringComparer.Ordinal));
        request.State = state;
        request.AccessType = "offline";
        request.CodeChallenge = codeChallenge;
        request.CodeChallengeMethod = PkceCodes.Method;
        request.LoginHint = loginHint;
        return request.Build();
    }

    /// <summary>
    /// Exchanges Google's code for tokens and keeps none of them: the caller checks whose they are before
    /// <see cref="KeepAsync"/> makes the refresh token a staff member's.
    /// </summary>
    public async Task<TokenResponse> ExchangeCodeAsync(string code, string codeVerifier, CancellationToken cancellationToken)
    {
        // The flow's public exchange takes no PKCE verifier; its request type does.
        var request = new AuthorizationCodeTokenRequest
        {
            ClientId = _flow.ClientSecrets.ClientId,
            ClientSecret = _flow.ClientSecrets.ClientSecret,
            Code = code,
            CodeVerifier = codeVerifier,
            RedirectUri = _redirectUri.AbsoluteUri,
            Scope = string.Join(' ', Scopes),
        };
        var token = await _flow.FetchTokenAsync("consent", request, cancellationToken);
        if (string.IsNullOrEmpty(token.RefreshToken))
        {
            throw new InvalidOperationException(
                "Google granted access without a refresh token; CalendarSync needs offline access to sync in the background.");
        }

        return token;
    }

    /// <summary>Makes <paramref name="refreshToken"/> the staff member's, through the refresh-token store.</summary>
    public Task KeepAsync(string staffId, string refreshToken, CancellationToken cancellationToken) =>
        _refreshTokens.SetAsync(staffId, refreshToken, cancellationToken);

    /// <summary>A credential that refreshes itself, or null when the staff member has no stored grant.</summary>
    public async Task<UserCredential?> GetCredentialAsync(string staffId, CancellationToken cancellationToken)
    {
        var token = await _flow.LoadTokenAsync(staffId, cancellationToken);
        return token is null ? null : new UserCredential(_flow, staffId, token);
    }

    /// <summary>Revokes the staff member's grant at Google and deletes the stored refresh token.</summary>
    public async Task RevokeAsync(string staffId, CancellationToken cancellationToken)
    {
        var token = await _flow.LoadTokenAsync(staffId, cancellationToken);
        if (token?.RefreshToken is { } refreshToken)
        {
            await RevokeTokenAsync(refreshToken, cancellationToken);
        }

        await _flow.DeleteTokenAsync(staffId, cancellationToken);
        await _refreshTokens.DeleteAsync(staffId, cancellationToken);
    }

    /// <summary>
    /// Revokes the grant a token belongs to. The token goes in a form body, never the query string: URLs are what
    /// dependency telemetry and proxies keep (Google.Apis.Auth's own revoke puts it in the query).
    /// </summary>
    public async Task RevokeTokenAsync(string token, CancellationToken cancellationToken)
    {
        using var body = new FormUrlEncodedContent([new KeyValuePair<string, string>("token", token)]);
        using var answer = await _flow.HttpClient.PostAsync(_revokeUri, body, cancellationToken);
        if (answer.IsSuccessStatusCode || (int)answer.StatusCode is >= 400 and < 500)
        {
            // A 4xx: Google no longer knows the grant (revoked by the staff member, or expired): ours goes all the same.
            return;
        }

        throw new TokenResponseException(
            new TokenErrorResponse { Error = "revoke_failed", ErrorDescription = $"Google's revoke endpoint answered {(int)answer.StatusCode}." },
            answer.StatusCode);
    }

    public void Dispose() => _flow.Dispose();

    /// <summary>Google's flow with its three endpoints set, to Google's or the emulator's.</summary>
    private sealed class EndpointsInitializer(GoogleOptions options) : GoogleAuthorizationCodeFlow.Initializer(
        options.AuthorizationEndpoint.AbsoluteUri, options.TokenEndpoint.AbsoluteUri, options.RevokeEndpoint.AbsoluteUri);
}
