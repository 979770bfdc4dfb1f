using Azure.Data.Tables;
using Azure.Storage.Queues;
using CalendarSync.Testing;

namespace CalendarSync.Azure.Tests;

/// <summary>The stand-in is real: the Azure SDK's own clients write and read through it over HTTP.</summary>
public sealed class AzuriteSmokeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TableEntity_WrittenThroughSdk_ReadsBack()
    {
        var table = new TableClient(azurite.ConnectionString, "Smoke" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync(TestContext.Current.CancellationToken);

        await table.AddEntityAsync(new TableEntity("staff-1", "row-1") { ["Name"] = "Jane" }, TestContext.Current.CancellationToken);
        var read = await table.GetEntityAsync<TableEntity>("staff-1", "row-1", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Jane", read.Value.GetString("Name"));
        Assert.NotEqual(default, read.Value.ETag);
    }

    [Fact]
    public async Task QueueMessage_SentThroughSdk_IsReceived()
    {
        var queue = new QueueClient(azurite.ConnectionString, "smoke-" + Guid.NewGuid().ToString("N")[..8]);
        await queue.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);

        await queue.SendMessageAsync("{\"staffId\":\"s1\"}", TestContext.Current.CancellationToken);
        var received = await queue.ReceiveMessageAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("{\"staffId\":\"s1\"}", received.Value.MessageText);
    }
}
