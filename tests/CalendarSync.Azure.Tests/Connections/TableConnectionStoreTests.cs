using System.Diagnostics;
using Azure.Data.Tables;
using CalendarSync.Azure.Connections;
using CalendarSync.Azure.Storage;
using CalendarSync.Azure.Tests.Storage;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Azure.Tests.Connections;

public sealed class TableConnectionStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SaveAsync_New_ThenGet_ReadsBackWithETag()
    {
        var store = new TableConnectionStore(TestTables.Create(azurite), _clock);

        var saved = await store.SaveAsync(Record("s1"), Token);
        var read = await store.GetAsync("s1", Token);

        Assert.NotNull(saved.ETag);
        Assert.Equal(saved, read);
        Assert.Null(await store.GetAsync("s2", Token));
    }

    [Fact]
    public async Task SaveAsync_StaleETagOrExistingWithoutETag_Conflicts()
    {
        var store = new TableConnectionStore(TestTables.Create(azurite), _clock);
        var saved = await store.SaveAsync(Record("s1"), Token);
        await store.SaveAsync(saved with { Email = "new@example.com" }, Token);

        await Assert.ThrowsAsync<ConnectionChangedException>(() => store.SaveAsync(saved with { Email = "stale@example.com" }, Token));
        await Assert.ThrowsAsync<ConnectionChangedException>(() => store.SaveAsync(Record("s1"), Token));
        Assert.Equal("new@example.com", (await store.GetAsync("s1", Token))!.Email);
    }

    [Fact]
    public async Task RecordRunAsync_SetsOutcomeAndStatus_ButKeepsDisabled()
    {
        var store = new TableConnectionStore(TestTables.Create(azurite), _clock);
        await store.SaveAsync(Record("s1"), Token);
        await store.SaveAsync(Record("s2", ConnectionStatus.Disabled), Token);
        var run = new SyncRunResult { StaffId = "s1", Outcome = SyncOutcome.ReauthRequired, Created = 2, Imported = 1, Message = "Grant revoked." };

        Assert.True(await store.RecordRunAsync("s1", run, ConnectionStatus.ReauthRequired, Token));
        Assert.True(await store.RecordRunAsync("s2", run with { StaffId = "s2" }, ConnectionStatus.Active, Token));
        Assert.False(await store.RecordRunAsync("s3", run with { StaffId = "s3" }, ConnectionStatus.Active, Token));

        var s1 = (await store.GetAsync("s1", Token))!;
        Assert.Equal((ConnectionStatus.ReauthRequired, SyncOutcome.ReauthRequired, Now, 3, "Grant revoked."),
            (s1.Connection.Status, s1.Connection.LastOutcome, s1.Connection.LastSyncAt, s1.LastRunWrites, s1.LastMessage));
        Assert.Equal(ConnectionStatus.Disabled, (await store.GetAsync("s2", Token))!.Connection.Status);
    }

    [Fact]
    public async Task RecordRunAsync_ConcurrentWithOtherWrites_LosesNeither()
    {
        var store = new TableConnectionStore(TestTables.Create(azurite), _clock);
        await store.SaveAsync(Record("s1"), Token);
        var channel = new PushChannel("ch-1", "hash", "res-1", Now.AddDays(7));

        await Task.WhenAll(
            store.RecordRunAsync("s1", new SyncRunResult { StaffId = "s1", Outcome = SyncOutcome.Succeeded }, ConnectionStatus.Active, Token),
            store.SetChannelAsync("s1", channel, Token));

        var read = (await store.GetAsync("s1", Token))!;
        Assert.Equal(SyncOutcome.Succeeded, read.Connection.LastOutcome);
        Assert.Equal(channel, read.Channel);
    }

    [Fact]
    public async Task Channels_SetReplaceClear_FoundByIdOnlyWhileCurrent()
    {
        var store = new TableConnectionStore(TestTables.Create(azurite), _clock);
        await store.SaveAsync(Record("s1"), Token);
        var first = new PushChannel("ch-1", "hash-1", "res-1", Now.AddDays(7));
        var second = new PushChannel("ch-2", "hash-2", "res-2", Now.AddDays(14));

        await store.SetChannelAsync("s1", first, Token);
        Assert.Equal("s1", (await store.FindByChannelAsync("ch-1", Token))?.StaffId);
        await store.SetChannelAsync("s1", second, Token);
        Assert.Null(await store.FindByChannelAsync("ch-1", Token));
        Assert.Equal(second, (await store.FindByChannelAsync("ch-2", Token))?.Channel);
        await store.SetChannelAsync("s1", null, Token);
        Assert.Null(await store.FindByChannelAsync("ch-2", Token));
        Assert.Null(await store.FindByChannelAsync("unknown", Token));
    }

    [Fact]
    public async Task ListEnabledAndAll_TenThousandConnections_PageThroughEachOnce()
    {
        var tables = TestTables.Create(azurite);
        var store = new TableConnectionStore(tables, _clock);
        var table = await tables.GetAsync(StorageTables.Connections, Token);
        var records = Enumerable.Range(0, 10_000)
            .Select(i => Record($"staff-{i:D5}", i % 10 == 0 ? ConnectionStatus.Disabled : i % 10 == 1 ? ConnectionStatus.ReauthRequired : ConnectionStatus.Active))
            .ToList();
        var watch = Stopwatch.StartNew();

        // Same partition, 100 a transaction, several transactions at a time: seconds rather than minutes.
        var batches = records.Select(TableConnectionStore.ToEntity).GroupBy(e => e.PartitionKey).SelectMany(g => g.Chunk(100));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Token }, async (batch, token) =>
            await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), token));
        var written = watch.Elapsed;

        var enabled = await ReadAllAsync((c, t) => store.ListEnabledAsync(c, 1000, t));
        var all = await ReadAllAsync((c, t) => store.ListAllAsync(c, 1000, t));

        TestContext.Current.TestOutputHelper?.WriteLine($"10,000 written in {written.TotalSeconds:F1} s, listed twice by {watch.Elapsed.TotalSeconds:F1} s.");
        Assert.Equal(8000, enabled.Count);
        Assert.Equal(8000, enabled.Distinct().Count());
        Assert.All(enabled, id => Assert.False(id.EndsWith('0') || id.EndsWith('1'), id));
        Assert.Equal(10_000, all.Distinct().Count());
    }

    [Theory]
    [InlineData("x' or PartitionKey ne '")]
    [InlineData("c1.not base64!")]
    [InlineData("c2.Zm9v")]
    public async Task ListAllAsync_ContinuationItDidNotGiveOut_ThrowsInvalidContinuation(string continuation)
    {
        var store = new TableConnectionStore(TestTables.Create(azurite), _clock);

        await Assert.ThrowsAsync<InvalidContinuationException>(() => store.ListAllAsync(continuation, 10, Token));
    }

    private static async Task<List<string>> ReadAllAsync(Func<string?, CancellationToken, Task<ConnectionPage>> list)
    {
        var ids = new List<string>();
        string? continuation = null;
        do
        {
            var page = await list(continuation, Token);
            ids.AddRange(page.Items.Select(r => r.StaffId));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        return ids;
    }

    private static ConnectionRecord Record(string staffId, ConnectionStatus status = ConnectionStatus.Active) => new()
    {
        Connection = new CalendarConnection(staffId, $"{staffId}@example.com", status: status),
        TimeZoneId = "Europe/Berlin",
        Email = $"{staffId}@example.com",
        ConnectedAt = Now,
    };
}
