using System.Diagnostics;
using Azure.Data.Tables;
using CalendarSync.Azure.Connections;
using CalendarSync.Azure.Storage;
using CalendarSync.Azure.Tests.Storage;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Tests.Connections;
using CalendarSync.Testing;

namespace CalendarSync.Azure.Tests.Connections;

/// <summary>Core's contract for the connection store, and what is the Table store's own: channels by id, paging at scale.</summary>
public sealed class TableConnectionStoreTests(AzuriteFixture azurite) : ConnectionStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    protected override IConnectionStore CreateStore() => new TableConnectionStore(TestTables.Create(azurite));

    [Fact]
    public async Task Channels_SetReplaceClear_FoundByIdOnlyWhileCurrent()
    {
        var store = new TableConnectionStore(TestTables.Create(azurite));
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
    public async Task GetAsync_ARowStoredBeforeSeveralCalendars_ReadsAsThePrimaryAlone()
    {
        var tables = TestTables.Create(azurite);
        var table = await tables.GetAsync(StorageTables.Connections, Token);
        await table.AddEntityAsync(new TableEntity(TableKeys.ConnectionBucket("s-old"), "s-old")
        {
            ["CalendarId"] = "old@example.com", ["Direction"] = "Bidirectional", ["Status"] = "Active", ["Provider"] = "google",
            ["TimeZoneId"] = "Europe/Berlin", ["Email"] = "old@example.com", ["ConnectedAt"] = Now, ["Enabled"] = true,
        }, Token);

        var read = (await new TableConnectionStore(tables).GetAsync("s-old", Token))!.Connection;

        Assert.Equal((true, true, null, null), (read.ReadCalendars.IsEmpty, read.BusyCalendars.IsEmpty, read.WriteCalendarId, read.CreateWriteCalendar));
        Assert.Equal(["old@example.com"], read.FullyReadCalendars);
        Assert.Equal("old@example.com", read.WriteCalendar);
    }

    [Fact]
    public async Task ListEnabledAndAll_TenThousandConnections_PageThroughEachOnce()
    {
        var tables = TestTables.Create(azurite);
        var store = new TableConnectionStore(tables);
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
        var store = new TableConnectionStore(TestTables.Create(azurite));

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
