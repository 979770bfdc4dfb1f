using CalendarSync.Functions.Monitoring;
using CalendarSync.Google;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.Extensions.Options;

namespace CalendarSync.Functions.Tests.Monitoring;

public sealed class OAuthQueryScrubberTests
{
    private readonly OAuthQueryScrubber _scrubber = new(Options.Create(new GoogleOptions
    {
        AuthorizationEndpoint = new Uri("https://accounts.google.com/o/oauth2/v2/auth"),
        TokenEndpoint = new Uri("https://oauth2.googleapis.com/token"),
        RevokeEndpoint = new Uri("https://oauth2.googleapis.com/revoke"),
    }));

    [Theory]
    [InlineData("https://oauth2.googleapis.com/revoke?token=1%2F%2Fsecret", "https://oauth2.googleapis.com/revoke")]
    [InlineData("https://OAUTH2.googleapis.com/token?refresh_token=secret", "https://oauth2.googleapis.com/token")]
    [InlineData("https://accounts.google.com/o/oauth2/v2/auth/?code=secret", "https://accounts.google.com/o/oauth2/v2/auth/")]
    public void Initialize_DependencyToAnOAuthEndpoint_LosesItsQuery(string url, string scrubbed)
    {
        var dependency = new DependencyTelemetry { Type = "Http", Data = url };

        _scrubber.Initialize(dependency);

        Assert.Equal(scrubbed, dependency.Data);
    }

    [Theory]
    [InlineData("https://www.googleapis.com/calendar/v3/calendars/primary/events?syncToken=abc")]
    [InlineData("https://oauth2.googleapis.com/revoke-other?token=x")]
    [InlineData("not a url ?token=x")]
    public void Initialize_OtherDependency_IsLeftAlone(string url)
    {
        var dependency = new DependencyTelemetry { Type = "Http", Data = url };

        _scrubber.Initialize(dependency);

        Assert.Equal(url, dependency.Data);
    }
}
