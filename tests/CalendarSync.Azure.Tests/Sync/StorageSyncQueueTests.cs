using System.Text;
using Azure.Storage.Queues;
using CalendarSync.Azure.Sync;
using CalendarSync.Core.Runs;
using CalendarSync.Testing;

namespace CalendarSync.Azure.Tests.Sync;

public sealed class StorageSyncQueueTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private readonly SyncQueueNames _names = new("sync-" + Guid.NewGuid().ToString("N")[..10]);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnqueueAsync_Request_ArrivesBase64EncodedAndParsesBack()
    {
        var queue = Create();
        var request = new SyncRequest("s1", SyncReason.Manual, Now);

        await queue.EnqueueAsync(request, null, Token);

        // Read raw, as the Functions host does: the body on the wire is base64 of the JSON.
        var raw = new QueueClient(azurite.ConnectionString, _names.Queue);
        var message = (await raw.ReceiveMessageAsync(cancellationToken: Token)).Value;
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText));
        Assert.Equal(request.ToJson(), json);
        var parsed = SyncRequest.Parse(json);
        Assert.Equal((request.StaffId, request.Reason, request.RequestedAt), (parsed.StaffId, parsed.Reason, parsed.RequestedAt));
    }

    [Fact]
    public async Task EnqueueAsync_WithDelay_IsInvisibleUntilThen()
    {
        var queue = Create();

        await queue.EnqueueAsync(new SyncRequest("s1", SyncReason.Push, Now), TimeSpan.FromMinutes(1), Token);

        var raw = new QueueClient(azurite.ConnectionString, _names.Queue);
        Assert.Null((await raw.ReceiveMessageAsync(cancellationToken: Token)).Value);
        Assert.Equal(1, (await raw.GetPropertiesAsync(Token)).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task EnqueuePagesAsync_ThousandInPagesOfSixteen_AMessageAPageThatParsesBack()
    {
        var queue = Create();
        var pages = Enumerable.Range(0, 1000).Select(i => $"s{i}").Chunk(16).Select(ids => new SyncRequestPage(ids, SyncReason.Schedule, Now)).ToList();

        await queue.EnqueuePagesAsync(pages, Token);

        var raw = new QueueClient(azurite.ConnectionString, _names.Queue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        Assert.Equal(63, (await raw.GetPropertiesAsync(Token)).Value.ApproximateMessagesCount);
        var staffIds = new List<string>();
        while ((await raw.ReceiveMessagesAsync(32, cancellationToken: Token)).Value is { Length: > 0 } messages)
        {
            staffIds.AddRange(messages.SelectMany(m => SyncRequestPage.Parse(m.MessageText).Requests).Select(r => r.StaffId));
        }

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"s{i}").Order(), staffIds.Order());
    }

    [Fact]
    public async Task MoveToPoisonAsync_MalformedMessage_KeptAsItCameOnThePoisonQueue()
    {
        var queue = Create();
        const string malformed = "{\"version\":2,\"staffId\":\"s1\"}";
        Assert.Throws<MalformedSyncRequestException>(() => SyncRequest.Parse(malformed));

        await queue.MoveToPoisonAsync(malformed, Token);

        var poison = new QueueClient(azurite.ConnectionString, _names.Poison, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        Assert.Equal(malformed, (await poison.ReceiveMessageAsync(cancellationToken: Token)).Value.MessageText);
    }

    private StorageSyncQueue Create() =>
        new(new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }), _names);
}
