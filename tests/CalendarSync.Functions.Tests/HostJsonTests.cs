using System.Text.Json.Nodes;
using CalendarSync.Testing;

namespace CalendarSync.Functions.Tests;

public sealed class HostJsonTests
{
    private static readonly JsonNode Host = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")))!;

    [Fact]
    public void HostJson_InBuildOutput_IsTheRepositoryRootFile()
    {
        var root = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "host.json"));

        Assert.Equal(root, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")));
    }

    [Fact]
    public void Queues_RetryBoundedWithBackoffAndBase64Messages()
    {
        var queues = Host["extensions"]!["queues"]!;

        Assert.InRange((int)queues["maxDequeueCount"]!, 3, 10);
        Assert.True(TimeSpan.Parse((string)queues["visibilityTimeout"]!, System.Globalization.CultureInfo.InvariantCulture) >= TimeSpan.FromSeconds(10));
        Assert.InRange((int)queues["batchSize"]!, 1, 32);
        Assert.Equal("base64", (string?)queues["messageEncoding"]);
    }

    [Fact]
    public void FunctionTimeout_IsWellAboveOneStaffSync()
    {
        var timeout = TimeSpan.Parse((string)Host["functionTimeout"]!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(timeout >= TimeSpan.FromMinutes(5), $"functionTimeout {timeout} leaves no room for a slow sync.");
    }

    [Fact]
    public void Sampling_NeverDropsRequestsOrExceptions()
    {
        var excluded = ((string)Host["logging"]!["applicationInsights"]!["samplingSettings"]!["excludedTypes"]!).Split(';');

        Assert.Contains("Exception", excluded);
        Assert.Contains("Request", excluded);
    }
}
