using System.Net;
using CalendarSync.Core.Connections;
using CalendarSync.Google.Auth;
using CalendarSync.Google.Tests.Fakes;
using CalendarSync.Testing;
using Google.Apis.Auth.OAuth2.Responses;

namespace CalendarSync.Google.Tests.Auth;

public sealed class GoogleCalendarAuthorizationTests(EmulatorFixture emulator)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExchangeCode_AfterGoogleConsent_ReadsPrimaryCalendarAndKeepsNothingUntilKept()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var user = await emulator.CreateUserAsync(timeZone: "America/New_York", cancellationToken: Cancel);
        var authorization = new GoogleCalendarAuthorization(google.OAuth, google.Services);

        var consent = authorization.BeginConsent("state-1", user.Email);
        var code = await CodeAsync(consent.ConsentUrl);
        var grant = await authorization.ExchangeCodeAsync(code, consent.CodeVerifier, Cancel);

        Assert.Equal(new ConnectedCalendar(user.Email, "America/New_York"), grant.Calendar);
        Assert.Empty(google.Vault.Tokens);
        Assert.DoesNotContain(grant.RefreshToken, grant.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(consent.CodeVerifier, consent.ConsentUrl.ToString(), StringComparison.Ordinal);

        await authorization.KeepAsync("staff-ny", grant, Cancel);

        Assert.Equal(grant.RefreshToken, google.Vault.Tokens["staff-ny"]);
    }

    [Fact]
    public void BeginConsent_FreeBusyAskedForOnlyWhenBusyTimesAreRead()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var authorization = new GoogleCalendarAuthorization(google.OAuth, google.Services);

        var plain = Scopes(authorization.BeginConsent("s", "a@example.com").ConsentUrl);
        var busy = Scopes(authorization.BeginConsent("s", "a@example.com", readsBusyTimes: true).ConsentUrl);

        Assert.Equal([.. GoogleOAuthClient.Scopes], plain);
        Assert.Equal([.. GoogleOAuthClient.Scopes, "https://www.googleapis.com/auth/calendar.events.freebusy"], busy);
    }

    [Fact]
    public void BeginConsent_CreatingCalendarsAskedForOnlyWhileACalendarAwaitsIt()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var authorization = new GoogleCalendarAuthorization(google.OAuth, google.Services);

        var creates = Scopes(authorization.BeginConsent("s", "a@example.com", createsCalendar: true).ConsentUrl);
        var both = Scopes(authorization.BeginConsent("s", "a@example.com", readsBusyTimes: true, createsCalendar: true).ConsentUrl);

        Assert.Equal([.. GoogleOAuthClient.Scopes, "https://www.googleapis.com/auth/calendar.app.created"], creates);
        Assert.Equal(
            [.. GoogleOAuthClient.Scopes, "https://www.googleapis.com/auth/calendar.events.freebusy", "https://www.googleapis.com/auth/calendar.app.created"],
            both);
    }

    private static string[] Scopes(Uri consentUrl) =>
        System.Web.HttpUtility.ParseQueryString(consentUrl.Query)["scope"]!.Split(' ');

    [Fact]
    public async Task ExchangeCode_CodeUsedTwice_Fails()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var user = await emulator.CreateUserAsync(cancellationToken: Cancel);
        var authorization = new GoogleCalendarAuthorization(google.OAuth, google.Services);
        var consent = authorization.BeginConsent("s", user.Email);
        var code = await CodeAsync(consent.ConsentUrl);
        await authorization.ExchangeCodeAsync(code, consent.CodeVerifier, Cancel);

        await Assert.ThrowsAsync<CalendarAuthorizationFailedException>(
            () => authorization.ExchangeCodeAsync(code, consent.CodeVerifier, Cancel));

        Assert.Empty(google.Vault.Tokens);
    }

    [Fact]
    public async Task RevokeGrant_NeverKept_GoogleRefusesItsTokenAfterwards()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var user = await emulator.CreateUserAsync(cancellationToken: Cancel);
        var authorization = new GoogleCalendarAuthorization(google.OAuth, google.Services);
        var grant = await GrantAsync(authorization, user.Email);

        await authorization.RevokeAsync(grant, Cancel);

        await authorization.KeepAsync("staff-1", grant, Cancel);
        var credential = (await google.OAuth.GetCredentialAsync("staff-1", Cancel))!;
        await Assert.ThrowsAsync<TokenResponseException>(() => credential.RefreshTokenAsync(Cancel));
    }

    [Fact]
    public async Task ExchangeCode_SameAccountAgain_EarlierRefreshTokenKeepsWorking()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var user = await emulator.CreateUserAsync(cancellationToken: Cancel);
        var authorization = new GoogleCalendarAuthorization(google.OAuth, google.Services);
        var earlier = await GrantAsync(authorization, user.Email);
        await authorization.KeepAsync("staff-1", earlier, Cancel);

        var later = await GrantAsync(authorization, user.Email);

        Assert.NotEqual(earlier.RefreshToken, later.RefreshToken);
        Assert.True(await (await google.OAuth.GetCredentialAsync("staff-1", Cancel))!.RefreshTokenAsync(Cancel));
    }

    [Fact]
    public async Task Revoke_GrantAlreadyRevokedAtGoogle_StillForgetsOurs()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (user, connection) = await google.ConnectAsync(Cancel);
        await google.InjectAsync(new { kind = "revokeGrant", email = user.Email }, Cancel);
        var authorization = new GoogleCalendarAuthorization(google.OAuth, google.Services);

        await authorization.RevokeAsync(connection.StaffId, Cancel);
        await authorization.RevokeAsync(connection.StaffId, Cancel);

        Assert.Empty(google.Vault.Tokens);
    }

    private static async Task<CalendarGrant> GrantAsync(GoogleCalendarAuthorization authorization, string email)
    {
        var consent = authorization.BeginConsent("state", email);
        return await authorization.ExchangeCodeAsync(await CodeAsync(consent.ConsentUrl), consent.CodeVerifier, Cancel);
    }

    private static async Task<string> CodeAsync(Uri consentUrl)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await http.GetAsync(consentUrl, Cancel);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return System.Web.HttpUtility.ParseQueryString(response.Headers.Location!.Query)["code"]!;
    }
}
