using CalendarSync.Google;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Extensions.Options;

namespace CalendarSync.Functions.Monitoring;

/// <summary>
/// Drops the query string of every dependency call to Google's OAuth endpoints before it is sent: dependency telemetry
/// keeps full URLs, readable by anyone with Reader on the workspace, and an OAuth query can carry a token. Our own calls
/// put tokens in bodies; this is the second line, for a library that does not.
/// </summary>
internal sealed class OAuthQueryScrubber(IOptions<GoogleOptions> google) : ITelemetryInitializer
{
    private readonly Uri[] _endpoints = [google.Value.AuthorizationEndpoint, google.Value.TokenEndpoint, google.Value.RevokeEndpoint];

    public void Initialize(ITelemetry telemetry)
    {
        if (telemetry is DependencyTelemetry { Data: { } data } dependency
            && Uri.TryCreate(data, UriKind.Absolute, out var called)
            && called.Query.Length > 0
            && _endpoints.Any(endpoint => IsSamePath(endpoint, called)))
        {
            dependency.Data = called.GetLeftPart(UriPartial.Path);
        }
    }

    private static bool IsSamePath(Uri endpoint, Uri called) =>
        endpoint.IsAbsoluteUri
        && string.Equals(endpoint.GetLeftPart(UriPartial.Authority), called.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)
        && string.Equals(endpoint.AbsolutePath.TrimEnd('/'), called.AbsolutePath.TrimEnd('/'), StringComparison.Ordinal);
}
