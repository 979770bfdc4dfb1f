using System.Net;
using CalendarSync.Core.Connections;
using CalendarSync.Google.Auth;
using CalendarSync.Google.Tests.Fakes;
using CalendarSync.Testing;

namespace CalendarSync.Google.Tests.Auth;

public sealed class GoogleCalendarAuthorizationTests(EmulatorFixture emulator)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CompleteConsent_AfterGoogleConsent_ReadsPrimaryCalendarAndKeepsTheGrant()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var user = await emulator.CreateUserAsync(timeZone: "America/New_York", cancellationToken: Cancel);
        var authorization = new GoogleCalendarAuthorization(google.OAuth, google.Services);

        var consent = authorization.BeginConsent("state-1", user.Email);
        var code = await CodeAsync(consent.ConsentUrl);
        var calendar = await authorization.CompleteConsentAsync("staff-ny", code, consent.CodeVerifier, Cancel);

        Assert.Equal(new ConnectedCalendar(user.Email, "America/New_York"), calendar);
        Assert.True(google.Vault.Tokens.ContainsKey("staff-ny"));
        Assert.DoesNotContain(consent.CodeVerifier, consent.ConsentUrl.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteConsent_CodeUsedTwice_FailsWithoutStoringAgain()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var user = await emulator.CreateUserAsync(cancellationToken: Cancel);
        var authorization = new GoogleCalendarAuthorization(google.OAuth, google.Services);
        var consent = authorization.BeginConsent("s", user.Email);
        var code = await CodeAsync(consent.ConsentUrl);
        await authorization.CompleteConsentAsync("staff-1", code, consent.CodeVerifier, Cancel);

        await Assert.ThrowsAsync<CalendarAuthorizationFailedException>(
            () => authorization.CompleteConsentAsync("staff-2", code, consent.CodeVerifier, Cancel));

        Assert.False(google.Vault.Tokens.ContainsKey("staff-2"));
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

    private static async Task<string> CodeAsync(Uri consentUrl)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await http.GetAsync(consentUrl, Cancel);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return System.Web.HttpUtility.ParseQueryString(response.Headers.Location!.Query)["code"]!;
    }
}
