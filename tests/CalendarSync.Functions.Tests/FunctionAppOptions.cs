using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.Extensions.DependencyInjection;

namespace CalendarSync.Functions.Tests;

/// <summary>What a test changes in the <see cref="FunctionApp"/> it builds.</summary>
internal sealed record FunctionAppOptions
{
    /// <summary>Tables of the test's own (a name prefix), for tests that count or sweep every connection.</summary>
    public bool OwnTables { get; init; }

    /// <summary>Where Google sends push notifications; null: push is off, as in the sample settings.</summary>
    public Uri? NotificationUri { get; init; }

    /// <summary>App settings over the sample's (keys as in local.settings.sample.json).</summary>
    public IReadOnlyDictionary<string, string?>? Settings { get; init; }

    public TimeProvider? Clock { get; init; }

    public TelemetryClient? Telemetry { get; init; }

    /// <summary>Application Insights as the function app adds it, sending into this channel instead of to Azure.</summary>
    public ITelemetryChannel? TelemetryChannel { get; init; }

    /// <summary>Registrations over the app's own, made last so they win.</summary>
    public Action<IServiceCollection>? Services { get; init; }
}
