using Azure.Data.Tables;
using CalendarSync.Azure.Storage;
using CalendarSync.Azure.Sync;
using CalendarSync.Azure.Tests.Storage;
using CalendarSync.Core.Sync;
using CalendarSync.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Azure.Tests.Sync;

/// <summary>The lease on the control row: taken, saved under and given back at its version.</summary>
public sealed class TableSyncStateStoreLeaseTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TryAcquireAsync_WhileHeld_IsRefused_AfterRelease_IsGranted()
    {
        var leases = new TableSyncStateStore(TestTables.Create(azurite), _clock);

        var first = await leases.TryAcquireAsync("s1", Duration, Token);
        var second = await leases.TryAcquireAsync("s1", Duration, Token);
        var other = await leases.TryAcquireAsync("s2", Duration, Token);
        await leases.ReleaseAsync(first!, Token);
        var third = await leases.TryAcquireAsync("s1", Duration, Token);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.NotNull(other);
        Assert.NotNull(third);
        Assert.NotEqual(first.HolderId, third.HolderId);
    }

    [Fact]
    public async Task TryAcquireAsync_CrashedHoldersLeaseExpired_IsTakenOver_AndTheOldHolderCanNeitherSaveNorRelease()
    {
        var store = new TableSyncStateStore(TestTables.Create(azurite), _clock);
        var crashed = await store.TryAcquireAsync("s1", Duration, Token);
        await store.SaveStateAsync(crashed!, new SyncState { StaffId = "s1", Epoch = 1 }, Token);

        _clock.Advance(Duration - TimeSpan.FromSeconds(1));
        Assert.Null(await store.TryAcquireAsync("s1", Duration, Token));
        _clock.Advance(TimeSpan.FromSeconds(2));
        var next = await store.TryAcquireAsync("s1", Duration, Token);

        Assert.NotNull(next);
        await Assert.ThrowsAsync<LeaseLostException>(() => store.SaveStateAsync(crashed!, new SyncState { StaffId = "s1", Epoch = 9 }, Token));
        await Assert.ThrowsAsync<LeaseLostException>(() => store.FinishAsync(crashed!, new SyncState { StaffId = "s1", Epoch = 9 }, Token));
        await store.ReleaseAsync(crashed!, Token);
        Assert.Null(await store.TryAcquireAsync("s1", Duration, Token));
        Assert.Equal(1, (await store.GetControlAsync("s1", Token)).State.Epoch);
    }

    [Fact]
    public async Task TryAcquireAsync_AtAVersionRead_RefusedOnceTheStateMovedOn_AndKeepsTheState()
    {
        var store = new TableSyncStateStore(TestTables.Create(azurite), _clock);
        var holder = await store.TryAcquireAsync("s1", Duration, Token);
        await store.FinishAsync(holder!, new SyncState { StaffId = "s1", GoogleSyncToken = "t1", Epoch = 2 }, Token);

        var read = await store.GetControlAsync("s1", Token);
        var other = await store.TryAcquireAsync("s1", Duration, Token);
        await store.FinishAsync(other!, read.State with { GoogleSyncToken = "t2" }, Token);

        Assert.False(read.IsHeldAt(_clock.GetUtcNow()));
        Assert.Null(await store.TryAcquireAsync(read, Duration, Token));
        var now = await store.GetControlAsync("s1", Token);
        var lease = await store.TryAcquireAsync(now, Duration, Token);
        Assert.NotNull(lease);
        Assert.Equal(new SyncState { StaffId = "s1", GoogleSyncToken = "t2", Epoch = 2 }, (await store.GetControlAsync("s1", Token)).State);
        Assert.True((await store.GetControlAsync("s1", Token)).IsHeldAt(_clock.GetUtcNow()));
    }

    [Fact]
    public async Task SaveStateAsync_KeepsTheLease_FinishAsyncGivesItBack()
    {
        var store = new TableSyncStateStore(TestTables.Create(azurite), _clock);
        var lease = await store.TryAcquireAsync("s1", Duration, Token);

        lease = await store.SaveStateAsync(lease!, new SyncState { StaffId = "s1", Epoch = 1 }, Token);
        Assert.Null(await store.TryAcquireAsync("s1", Duration, Token));
        lease = await store.SaveStateAsync(lease, new SyncState { StaffId = "s1", Epoch = 2 }, Token);
        await store.FinishAsync(lease, new SyncState { StaffId = "s1", Epoch = 3 }, Token);

        var control = await store.GetControlAsync("s1", Token);
        Assert.Equal((3L, false), (control.State.Epoch, control.IsHeldAt(_clock.GetUtcNow())));
        Assert.NotNull(await store.TryAcquireAsync("s1", Duration, Token));
    }

    [Fact]
    public async Task TryAcquireAsync_ManyConcurrentContenders_NeverTwoHolders()
    {
        var tables = TestTables.Create(azurite);
        for (var round = 0; round < 10; round++)
        {
            // Each round starts with an expired lease, so the contenders race both the add and the takeover.
            _clock.Advance(Duration + TimeSpan.FromSeconds(1));
            var contenders = Enumerable.Range(0, 8)
                .Select(_ => Task.Run(() => new TableSyncStateStore(tables, _clock).TryAcquireAsync("s1", Duration, Token), Token));
            var won = (await Task.WhenAll(contenders)).Count(l => l is not null);

            Assert.True(won == 1, $"Round {round}: {won} contenders hold the lease (exactly one must).");
        }
    }

    [Fact]
    public async Task GetControlAsync_ARowUnderTheOldSharedKey_IsMovedToItsOwnKeyWithItsState()
    {
        var tables = TestTables.Create(azurite);
        var store = new TableSyncStateStore(tables, _clock);
        var table = await tables.GetAsync(StorageTables.SyncState, Token);
        await table.AddEntityAsync(Legacy("s1"), Token);

        var readers = await Task.WhenAll(store.GetControlAsync("s1", Token), store.GetControlAsync("s1", Token));
        var lease = await store.TryAcquireAsync(readers[0], Duration, Token) ?? await store.TryAcquireAsync(readers[1], Duration, Token);

        Assert.All(readers, read => Assert.Equal(("t1", 3L, "1:5:0", false), (read.State.GoogleSyncToken, read.State.Epoch, read.State.LocalWatermark, read.IsHeldAt(_clock.GetUtcNow()))));
        Assert.NotNull(lease);
        Assert.Equal(["state|s1"], await RowKeysAsync(table, "s1"));
        Assert.Equal("t1", (await store.GetControlAsync("s1", Token)).State.GoogleSyncToken);
    }

    [Fact]
    public async Task GetControlAsync_AnOldRowAnEarlierVersionsRunHolds_StaysUntilALeaseTakenAtItsVersionMovesIt()
    {
        var tables = TestTables.Create(azurite);
        var store = new TableSyncStateStore(tables, _clock);
        var table = await tables.GetAsync(StorageTables.SyncState, Token);
        await table.AddEntityAsync(Legacy("s1", holder: "old-run", expires: _clock.GetUtcNow().AddMinutes(1)), Token);
        await table.AddEntityAsync(Legacy("s2", holder: "old-run", expires: _clock.GetUtcNow().AddMinutes(1)), Token);

        var held = await store.GetControlAsync("s1", Token);
        var refused = await store.TryAcquireAsync(held, Duration, Token);
        var kept = await RowKeysAsync(table, "s1");
        var other = await store.GetControlAsync("s2", Token);
        _clock.Advance(TimeSpan.FromMinutes(2));
        var lease = await store.TryAcquireAsync(held, Duration, Token);

        // The earlier version's run wrote its row again after s2's read: a lease at that read is refused, and the row stays.
        var changed = (await table.GetEntityAsync<TableEntity>("s2", "state", cancellationToken: Token)).Value;
        changed["Epoch"] = 4L;
        await table.UpdateEntityAsync(changed, changed.ETag, TableUpdateMode.Replace, Token);
        var late = await store.TryAcquireAsync(other, Duration, Token);

        Assert.True(held.IsHeldAt(_clock.GetUtcNow().AddMinutes(-2)));
        Assert.Null(refused);
        Assert.Equal(["state"], kept);
        Assert.NotNull(lease);
        Assert.Equal(["state|s1"], await RowKeysAsync(table, "s1"));
        Assert.Equal(("t1", 3L), ((await store.GetControlAsync("s1", Token)).State.GoogleSyncToken, (await store.GetControlAsync("s1", Token)).State.Epoch));
        Assert.Null(late);
        Assert.Equal(["state"], await RowKeysAsync(table, "s2"));
        Assert.Equal(4, (await store.GetControlAsync("s2", Token)).State.Epoch);
        Assert.Equal(["state|s2"], await RowKeysAsync(table, "s2"));
    }

    private static TableEntity Legacy(string staffId, string holder = "", DateTimeOffset? expires = null) => new(staffId, "state")
    {
        ["GoogleSyncToken"] = "t1",
        ["Epoch"] = 3L,
        ["LocalWatermark"] = "1:5:0",
        ["Holder"] = holder,
        ["ExpiresAt"] = expires,
    };

    private static async Task<List<string>> RowKeysAsync(TableClient table, string partition)
    {
        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: Token))
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }
}
