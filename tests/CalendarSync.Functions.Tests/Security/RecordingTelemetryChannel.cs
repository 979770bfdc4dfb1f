using System.Collections.Concurrent;
using System.Text;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.Extensibility.Implementation;

namespace CalendarSync.Functions.Tests.Security;

/// <summary>Application Insights' channel kept in memory: every item the worker would send, as the JSON it would send.</summary>
internal sealed class RecordingTelemetryChannel : ITelemetryChannel
{
    private readonly ConcurrentQueue<ITelemetry> _items = new();

    public bool? DeveloperMode { get; set; }

    public string? EndpointAddress { get; set; }

    public int Count => _items.Count;

    public void Send(ITelemetry item) => _items.Enqueue(item);

    /// <summary>Each item serialised as Application Insights' own serializer writes it for ingestion.</summary>
    public IEnumerable<string> Sent() => _items.Select(item => Encoding.UTF8.GetString(JsonSerializer.Serialize([item], compress: false)));

    public IEnumerable<ITelemetry> Items => _items;

    public void Flush()
    {
    }

    public void Dispose()
    {
    }
}
