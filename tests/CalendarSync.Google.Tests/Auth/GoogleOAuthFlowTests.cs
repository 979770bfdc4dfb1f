using System.Net;
using CalendarSync.Emulator;
using CalendarSync.Google.Auth;
using CalendarSync.Google.Tests.Fakes;
using CalendarSync.Testing;
using Google.Apis.Auth.OAuth2.Responses;

namespace CalendarSync.Google.Tests.Auth;

/// <summary>The whole consent → code → tokens → revoke flow, against the emulator's OAuth endpoints.</summary>
public sealed class GoogleOAuthFlowTests(EmulatorFixture emulator)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExchangeCode_WithRightVerifier_KeepsNothingUntilKeptThenCallsCalendar()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var user = await emulator.CreateUserAsync(cancellationToken: Cancel);
        var pkce = PkceCodes.Create();

        var (code, state) = await ConsentAsync(google.OAuth.CreateAuthorizationUrl("state-1", pkce.Challenge, user.Email));
        var token = await google.OAuth.ExchangeCodeAsync(code, pkce.Verifier, Cancel);
        Assert.Empty(google.Vault.Tokens);
        await google.OAuth.KeepAsync("staff-1", token.RefreshToken, Cancel);
        using var service = google.Services.Create((await google.OAuth.GetCredentialAsync("staff-1", Cancel))!);
        var primary = await service.CalendarList.Get("primary").ExecuteAsync(Cancel);

        Assert.Equal("state-1", state);
        Assert.Equal(1, google.Vault.Writes);
        Assert.False(string.IsNullOrEmpty(google.Vault.Tokens["staff-1"]));
        Assert.Equal(user.Email, primary.Id);
        Assert.Equal("Europe/Berlin", primary.TimeZone);
    }

    [Fact]
    public async Task ExchangeCode_WrongVerifier_IsInvalidGrantAndStoresNothing()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var user = await emulator.CreateUserAsync(cancellationToken: Cancel);
        var pkce = PkceCodes.Create();
        var (code, _) = await ConsentAsync(google.OAuth.CreateAuthorizationUrl("s", pkce.Challenge, user.Email));

        var failure = await Assert.ThrowsAsync<TokenResponseException>(
            () => google.OAuth.ExchangeCodeAsync(code, PkceCodes.Create().Verifier, Cancel));

        Assert.Equal("invalid_grant", failure.Error.Error);
        Assert.Empty(google.Vault.Tokens);
    }

    [Fact]
    public async Task ExchangeCode_UsedTwice_SecondIsInvalidGrant()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var user = await emulator.CreateUserAsync(cancellationToken: Cancel);
        var pkce = PkceCodes.Create();
        var (code, _) = await ConsentAsync(google.OAuth.CreateAuthorizationUrl("s", pkce.Challenge, user.Email));
        await google.OAuth.ExchangeCodeAsync(code, pkce.Verifier, Cancel);

        var failure = await Assert.ThrowsAsync<TokenResponseException>(
            () => google.OAuth.ExchangeCodeAsync(code, pkce.Verifier, Cancel));

        Assert.Equal("invalid_grant", failure.Error.Error);
    }

    [Fact]
    public async Task Revoke_DeletesVaultSecretAndGoogleRefusesTheGrant()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (user, connection) = await google.ConnectAsync(Cancel);

        await google.OAuth.RevokeAsync(connection.StaffId, Cancel);

        Assert.Empty(google.Vault.Tokens);
        using var other = new EmulatorGoogle(emulator.BaseUri);
        other.Vault.Tokens["staff-x"] = user.RefreshToken;
        var credential = await other.OAuth.GetCredentialAsync("staff-x", Cancel);
        var failure = await Assert.ThrowsAsync<TokenResponseException>(() => credential!.RefreshTokenAsync(Cancel));
        Assert.Equal("invalid_grant", failure.Error.Error);
    }

    /// <summary>Google.Apis deletes the stored token on any token endpoint error below 500; a rate limit must not cost the grant.</summary>
    [Fact]
    public async Task Refresh_TokenEndpointRateLimited_KeepsTheGrantAndTheNextTryWorks()
    {
        // Faults are global to an emulator: this test has its own.
        await using var host = await EmulatorHost.StartAsync(cancellationToken: Cancel);
        using var google = new EmulatorGoogle(host.BaseUri);
        var (_, connection) = await google.ConnectAsync(Cancel);
        using var nextProcess = new EmulatorGoogle(host.BaseUri);
        nextProcess.Vault.Tokens[connection.StaffId] = google.Vault.Tokens[connection.StaffId];
        await google.InjectAsync(new { kind = "tooManyRequests", path = "/token", count = 1 }, Cancel);

        var limited = await nextProcess.OAuth.GetCredentialAsync(connection.StaffId, Cancel);
        await Assert.ThrowsAsync<TokenResponseException>(() => limited!.RefreshTokenAsync(Cancel));
        var retried = await nextProcess.OAuth.GetCredentialAsync(connection.StaffId, Cancel);

        Assert.True(nextProcess.Vault.Tokens.ContainsKey(connection.StaffId), "A 429 from the token endpoint deleted the stored grant.");
        Assert.NotNull(retried);
        Assert.True(await retried.RefreshTokenAsync(Cancel));
    }

    [Fact]
    public async Task Consent_UnknownUser_RedirectsWithAccessDenied()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);

        var location = await RedirectAsync(google.OAuth.CreateAuthorizationUrl("s", PkceCodes.Create().Challenge, "nobody@example.com"));

        Assert.Equal("access_denied", System.Web.HttpUtility.ParseQueryString(location.Query)["error"]);
    }

    private static async Task<(string Code, string? State)> ConsentAsync(Uri consentUrl)
    {
        var query = System.Web.HttpUtility.ParseQueryString((await RedirectAsync(consentUrl)).Query);
        return (query["code"] ?? throw new InvalidOperationException("The consent redirect carried no code."), query["state"]);
    }

    private static async Task<Uri> RedirectAsync(Uri consentUrl)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await http.GetAsync(consentUrl, Cancel);
        Assert.True(response.StatusCode is HttpStatusCode.Found or HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"Consent answered {response.StatusCode}.");
        return response.Headers.Location!;
    }
}
