using CalendarSync.Google.Auth;
using CalendarSync.Google.Tests.Fakes;
using CalendarSync.Testing;

namespace CalendarSync.Google.Tests.Auth;

public sealed class GoogleOAuthClientTests
{
    [Fact]
    public void CreateAuthorizationUrl_AsksForOfflineConsentWithPkceAndState()
    {
        using var client = new GoogleOAuthClient(Options(), new InMemoryRefreshTokenStore(), TimeProvider.System);

        var url = client.CreateAuthorizationUrl("opaque-state", "challenge-123", "jane@example.com");

        Assert.Equal("http://google.test/o/oauth2/v2/auth", url.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("calendarsync-local", query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("http://localhost:7071/api/calendar/oauth/callback", query["redirect_uri"]);
        Assert.Equal("offline", query["access_type"]);
        Assert.Equal("consent", query["prompt"]);
        Assert.Equal("opaque-state", query["state"]);
        Assert.Equal("challenge-123", query["code_challenge"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal("jane@example.com", query["login_hint"]);
        Assert.Equal(
            ["https://www.googleapis.com/auth/calendar.events", "https://www.googleapis.com/auth/calendar.calendarlist.readonly"],
            query["scope"]!.Split(' '));
    }

    internal static GoogleOptions Options() => new()
    {
        ClientId = "calendarsync-local",
        ClientSecret = "calendarsync-local-secret",
        RedirectUri = new Uri("http://localhost:7071/api/calendar/oauth/callback"),
        AuthorizationEndpoint = new Uri("http://google.test/o/oauth2/v2/auth"),
        TokenEndpoint = new Uri("http://google.test/token"),
        RevokeEndpoint = new Uri("http://google.test/revoke"),
    };
}
