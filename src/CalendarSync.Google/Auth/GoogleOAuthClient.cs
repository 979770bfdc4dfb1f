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

    public GoogleOAuthClient(GoogleOptions options, IRefreshTokenStore refreshTokens, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _redirectUri = options.RedirectUri ?? throw new ArgumentException("Google:RedirectUri is required.", nameof(options));
        _refreshTokens = refreshTokens;
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

    /// <summary>Google's consent page for one staff member, with PKCE and our opaque <paramref name="state"/>.</summary>
    public Uri CreateAuthorizationUrl(string state, string codeChallenge, string? loginHint = null)
    {
        var request = (GoogleAuthorizationCodeRequestUrl)_flow.CreateAuthorizationCodeRequest(_redirectUri.AbsoluteUri);
        request.State = state;
        request.AccessType = "offline";
        request.CodeChallenge = codeChallenge;
        request.CodeChallengeMethod = PkceCodes.Method;
        request.LoginHint = loginHint;
        return request.Build();
    }

    /// <summary>
    /// Exchanges Google's code for tokens and keeps them for <paramref name="staffId"/>: the refresh
    /// token through the refresh-token store, the access token in memory.
    /// </summary>
    /// <returns>A credential for the staff member's first calls.</returns>
    public async Task<UserCredential> ExchangeCodeAsync(string staffId, string code, string codeVerifier, CancellationToken cancellationToken)
    {
        // The flow's public exchange takes no PKCE verifier; its request type does, and the flow's
        // token store then keeps the result as the flow's own exchange would.
        var request = new AuthorizationCodeTokenRequest
        {
            ClientId = _flow.ClientSecrets.ClientId,
            ClientSecret = _flow.ClientSecrets.ClientSecret,
            Code = code,
            CodeVerifier = codeVerifier,
            RedirectUri = _redirectUri.AbsoluteUri,
            Scope = string.Join(' ', Scopes),
        };
        var token = await _flow.FetchTokenAsync(staffId, request, cancellationToken);
        if (string.IsNullOrEmpty(token.RefreshToken))
        {
            throw new InvalidOperationException(
                "Google granted access without a refresh token; CalendarSync needs offline access to sync in the background.");
        }

        await _flow.DataStore.StoreAsync(staffId, token);
        return new UserCredential(_flow, staffId, token);
    }

    /// <summary>A credential that refreshes itself, or null when the staff member has no stored grant.</summary>
    public async Task<UserCredential?> GetCredentialAsync(string staffId, CancellationToken cancellationToken)
    {
        var token = await _flow.LoadTokenAsync(staffId, cancellationToken);
        return token is null ? null : new UserCredential(_flow, staffId, token);
    }

    /// <summary>Revokes the grant at Google and deletes the stored refresh token.</summary>
    public async Task RevokeAsync(string staffId, CancellationToken cancellationToken)
    {
        var token = await _flow.LoadTokenAsync(staffId, cancellationToken);
        if (token?.RefreshToken is { } refreshToken)
        {
            try
            {
                await _flow.RevokeTokenAsync(staffId, refreshToken, cancellationToken);
            }
            catch (TokenResponseException ex) when (ex.StatusCode is { } status && (int)status is >= 400 and < 500)
            {
                // Google no longer knows the grant (revoked by the staff member, or expired): ours goes all the same.
            }
        }

        await _flow.DeleteTokenAsync(staffId, cancellationToken);
        await _refreshTokens.DeleteAsync(staffId, cancellationToken);
    }

    public void Dispose() => _flow.Dispose();

    /// <summary>Google's flow with its three endpoints set, to Google's or the emulator's.</summary>
    private sealed class EndpointsInitializer(GoogleOptions options) : GoogleAuthorizationCodeFlow.Initializer(
        options.AuthorizationEndpoint.AbsoluteUri, options.TokenEndpoint.AbsoluteUri, options.RevokeEndpoint.AbsoluteUri);
}
