using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CalendarSync.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace CalendarSync.Emulator.Tests.OAuth;

public sealed class OAuthEndpointsTests(EmulatorFixture emulator) : IDisposable
{
    private const string ClientId = "calendarsync-local";
    private const string ClientSecret = "calendarsync-local-secret";
    private const string RedirectUri = "http://localhost:7071/api/calendar/oauth/callback";
    private const string Verifier = "a-code-verifier-that-is-long-enough-for-pkce-0123456789";

    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = emulator.BaseUri };

    [Fact]
    public async Task Authorize_KnownUser_RedirectsWithCodeAndState()
    {
        var user = await emulator.CreateUserAsync(cancellationToken: TestContext.Current.CancellationToken);

        var redirect = await AuthorizeAsync(user.Email);

        Assert.Equal(RedirectUri, redirect.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(redirect.Query);
        Assert.Equal("s-42", query["state"].ToString());
        Assert.NotEmpty(query["code"].ToString());
    }

    [Fact]
    public async Task Authorize_UnknownUser_RedirectsWithAccessDenied()
    {
        var redirect = await AuthorizeAsync("nobody@example.com");

        var query = QueryHelpers.ParseQuery(redirect.Query);
        Assert.Equal("access_denied", query["error"].ToString());
        Assert.Equal("s-42", query["state"].ToString());
    }

    [Fact]
    public async Task Authorize_UnknownClient_Returns401()
    {
        using var answer = await _http.GetAsync(
            $"o/oauth2/v2/auth?client_id=other&redirect_uri={Uri.EscapeDataString(RedirectUri)}&response_type=code",
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
    }

    [Fact]
    public async Task Token_CodeWithPkce_AnswersTokensAndTheAccessTokenWorks()
    {
        var user = await emulator.CreateUserAsync(cancellationToken: TestContext.Current.CancellationToken);
        var code = Code(await AuthorizeAsync(user.Email, prompt: "consent"));

        var (status, tokens) = await TokenAsync(CodeGrant(code));
        using var caller = new CalendarCaller(emulator.BaseUri, tokens["access_token"]!.GetValue<string>());
        var calendar = await caller.GetAsync("calendar/v3/calendars/primary");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bearer", tokens["token_type"]!.GetValue<string>());
        Assert.Equal(3600, tokens["expires_in"]!.GetValue<int>());
        Assert.Contains("calendar", tokens["scope"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(tokens["refresh_token"]);
        Assert.Equal(user.Email, calendar.Text("id"));
    }

    [Fact]
    public async Task Token_SecondConsentWithoutPrompt_AnswersNoRefreshToken()
    {
        var user = await emulator.CreateUserAsync(cancellationToken: TestContext.Current.CancellationToken);

        // The admin API already gave this user an offline grant: a plain second consent adds no refresh token.
        var (_, tokens) = await TokenAsync(CodeGrant(Code(await AuthorizeAsync(user.Email))));

        Assert.NotNull(tokens["access_token"]);
        Assert.Null(tokens["refresh_token"]);
    }

    [Fact]
    public async Task Token_CodeUsedTwice_InvalidGrant()
    {
        var user = await emulator.CreateUserAsync(cancellationToken: TestContext.Current.CancellationToken);
        var code = Code(await AuthorizeAsync(user.Email));
        await TokenAsync(CodeGrant(code));

        var (status, error) = await TokenAsync(CodeGrant(code));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", error["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_WrongVerifier_InvalidGrant()
    {
        var user = await emulator.CreateUserAsync(cancellationToken: TestContext.Current.CancellationToken);
        var grant = CodeGrant(Code(await AuthorizeAsync(user.Email)));
        grant["code_verifier"] = "another-verifier-another-verifier-another-verifier-01";

        var (status, error) = await TokenAsync(grant);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", error["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_WrongRedirectUri_RedirectUriMismatch()
    {
        var user = await emulator.CreateUserAsync(cancellationToken: TestContext.Current.CancellationToken);
        var grant = CodeGrant(Code(await AuthorizeAsync(user.Email)));
        grant["redirect_uri"] = "http://localhost:7071/elsewhere";

        var (_, error) = await TokenAsync(grant);

        Assert.Equal("redirect_uri_mismatch", error["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_WrongSecret_InvalidClient()
    {
        var user = await emulator.CreateUserAsync(cancellationToken: TestContext.Current.CancellationToken);
        var grant = RefreshGrant(user.RefreshToken);
        grant["client_secret"] = "not-the-secret";

        var (status, error) = await TokenAsync(grant);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", error["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_ClientInBasicAuthHeader_IsAccepted()
    {
        var user = await emulator.CreateUserAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, "token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = user.RefreshToken }),
        };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")));

        using var answer = await _http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task Token_RefreshGrant_AnswersNewAccessTokenWithoutRefreshToken()
    {
        var user = await emulator.CreateUserAsync(cancellationToken: TestContext.Current.CancellationToken);

        var (status, tokens) = await TokenAsync(RefreshGrant(user.RefreshToken));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(user.AccessToken, tokens["access_token"]!.GetValue<string>());
        Assert.Null(tokens["refresh_token"]);
    }

    [Fact]
    public async Task Token_UnknownRefreshToken_InvalidGrantAsGoogleWordsIt()
    {
        var (status, error) = await TokenAsync(RefreshGrant("1//not-issued"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", error["error"]!.GetValue<string>());
        Assert.Equal("Token has been expired or revoked.", error["error_description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Revoke_RefreshToken_StopsRefreshAndAccessTokens()
    {
        var user = await emulator.CreateUserAsync(cancellationToken: TestContext.Current.CancellationToken);

        using var revoked = await _http.PostAsync($"revoke?token={Uri.EscapeDataString(user.RefreshToken)}", null, TestContext.Current.CancellationToken);
        var (_, error) = await TokenAsync(RefreshGrant(user.RefreshToken));
        using var caller = new CalendarCaller(emulator.BaseUri, user.AccessToken);
        var list = await caller.ListAsync();

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal("invalid_grant", error["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, list.Status);
    }

    [Fact]
    public async Task Revoke_WithGet_RevokesToo()
    {
        var user = await emulator.CreateUserAsync(cancellationToken: TestContext.Current.CancellationToken);

        using var revoked = await _http.GetAsync($"revoke?token={Uri.EscapeDataString(user.AccessToken)}", TestContext.Current.CancellationToken);
        var (_, error) = await TokenAsync(RefreshGrant(user.RefreshToken));

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal("invalid_grant", error["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Revoke_UnknownToken_Returns400()
    {
        using var answer = await _http.PostAsync("revoke?token=nothing", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
    }

    public void Dispose() => _http.Dispose();

    private async Task<Uri> AuthorizeAsync(string loginHint, string? prompt = null)
    {
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["response_type"] = "code",
            ["scope"] = "https://www.googleapis.com/auth/calendar",
            ["state"] = "s-42",
            ["access_type"] = "offline",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["login_hint"] = loginHint,
            ["prompt"] = prompt,
        };
        using var answer = await _http.GetAsync(QueryHelpers.AddQueryString("o/oauth2/v2/auth", query), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        return answer.Headers.Location!;
    }

    private static string Code(Uri redirect) => QueryHelpers.ParseQuery(redirect.Query)["code"].ToString();

    private static Dictionary<string, string> CodeGrant(string code) => new()
    {
        ["grant_type"] = "authorization_code",
        ["code"] = code,
        ["client_id"] = ClientId,
        ["client_secret"] = ClientSecret,
        ["redirect_uri"] = RedirectUri,
        ["code_verifier"] = Verifier,
    };

    private static Dictionary<string, string> RefreshGrant(string refreshToken) => new()
    {
        ["grant_type"] = "refresh_token",
        ["refresh_token"] = refreshToken,
        ["client_id"] = ClientId,
        ["client_secret"] = ClientSecret,
    };

    private async Task<(HttpStatusCode Status, JsonNode Body)> TokenAsync(Dictionary<string, string> form)
    {
        using var content = new FormUrlEncodedContent(form);
        using var answer = await _http.PostAsync("token", content, TestContext.Current.CancellationToken);
        var body = JsonNode.Parse(await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        return (answer.StatusCode, body);
    }
}
