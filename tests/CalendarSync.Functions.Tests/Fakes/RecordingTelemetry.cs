using System.Collections.Concurrent;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;

namespace CalendarSync.Functions.Tests.Fakes;

/// <summary>
/// A <see cref="TelemetryClient"/> whose channel keeps what it is sent, in place of Application Insights, which cannot
/// run here. <see cref="Metrics"/> flushes the client first, so pre-aggregated metrics are in.
/// </summary>
internal sealed class RecordingTelemetry : IDisposable
{
    private readonly Channel _channel = new();
    private readonly TelemetryConfiguration _configuration;

    public RecordingTelemetry()
    {
        _configuration = new TelemetryConfiguration { TelemetryChannel = _channel, ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000" };
        Client = new TelemetryClient(_configuration);
    }

    public TelemetryClient Client { get; }

    /// <summary>Every metric sent so far under <paramref name="name"/>.</summary>
    public IReadOnlyList<MetricTelemetry> Metrics(string name)
    {
        Client.Flush();
        return _channel.Sent.OfType<MetricTelemetry>().Where(m => m.Name == name).ToList();
    }

    public void Dispose() => _configuration.Dispose();

    private sealed class Channel : ITelemetryChannel
    {
        public ConcurrentQueue<ITelemetry> Sent { get; } = new();

        public bool? DeveloperMode { get; set; }

        public string EndpointAddress { get; set; } = "";

        public void Send(ITelemetry item) => Sent.Enqueue(item);

        public void Flush()
        {
        }

        public void Dispose()
        {
        }
    }
}
