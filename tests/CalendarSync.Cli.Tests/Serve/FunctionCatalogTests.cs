using System.Text.Json.Nodes;
using CalendarSync.Cli.Serve;
using Microsoft.Azure.Functions.Worker;

namespace CalendarSync.Cli.Tests.Serve;

/// <summary>What serve reads from the function classes is what the Worker SDK tells the Functions host (functions.metadata).</summary>
public sealed class FunctionCatalogTests
{
    [Fact]
    public void Read_EveryFunctionOfTheMetadata_WithItsTriggerRouteMethodsAndAuthLevel()
    {
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))!.AsArray();
        var catalog = FunctionCatalog.Read().Functions.ToDictionary(f => f.Name);

        Assert.Equal(metadata.Select(f => (string)f!["name"]!).Order(), catalog.Keys.Order());
        foreach (var entry in metadata)
        {
            var function = catalog[(string)entry!["name"]!];
            var trigger = entry["bindings"]!.AsArray().Single(b => ((string)b!["type"]!).EndsWith("Trigger", StringComparison.Ordinal))!;
            switch (function.Trigger)
            {
                case HttpTriggerAttribute http:
                    Assert.Equal((string?)trigger["route"], http.Route);
                    Assert.Equal(trigger["methods"]!.AsArray().Select(m => (string)m!), http.Methods!);
                    Assert.Equal((string?)trigger["authLevel"], http.AuthLevel.ToString());
                    break;
                case TimerTriggerAttribute timer:
                    Assert.Equal((string?)trigger["schedule"], timer.Schedule);
                    break;
                case QueueTriggerAttribute queue:
                    Assert.Equal((string?)trigger["queueName"], queue.QueueName);
                    break;
                default:
                    Assert.Fail($"{function.Name} has a trigger serve does not host: {function.Trigger.GetType().Name}.");
                    break;
            }
        }
    }
}
