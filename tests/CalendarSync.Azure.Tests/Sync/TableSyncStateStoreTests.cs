using CalendarSync.Azure.Sync;
using CalendarSync.Azure.Tests.Storage;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Testing;

namespace CalendarSync.Azure.Tests.Sync;

public sealed class TableSyncStateStoreTests(AzuriteFixture azurite)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetStateAsync_NeverSaved_IsInitial()
    {
        var store = new TableSyncStateStore(TestTables.Create(azurite));

        Assert.Equal(SyncState.Initial("s1"), await store.GetStateAsync("s1", Token));
    }

    [Fact]
    public async Task SaveStateAsync_EveryField_ReadsBack()
    {
        var store = new TableSyncStateStore(TestTables.Create(azurite));
        var state = new SyncState
        {
            StaffId = "s1",
            GoogleSyncToken = new string('t', 3000),
            PullPageToken = "page-2",
            PullIsFull = true,
            Epoch = 7,
            LocalWatermark = "1:12:3",
            WindowEnd = new DateTimeOffset(2027, 11, 25, 23, 0, 0, TimeSpan.Zero),
            WritesPausedUntil = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero),
        };

        await store.SaveStateAsync(state, Token);
        await store.SaveStateAsync(state with { Epoch = 8 }, Token);

        Assert.Equal(state with { Epoch = 8 }, await store.GetStateAsync("s1", Token));
        Assert.Equal(SyncState.Initial("s2"), await store.GetStateAsync("s2", Token));
    }

    [Fact]
    public async Task Items_SaveGetDeleteCount_PerStaffMember()
    {
        var store = new TableSyncStateStore(TestTables.Create(azurite));
        var status = new ItemSyncStatus(new ItemKey(ItemKind.Appointment, "a1"), 3, "csabc", "\"etag-1\"",
            new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), 2);

        await store.SaveItemAsync("s1", status, Token);
        await store.SaveItemAsync("s1", status with { Key = new ItemKey(ItemKind.Block, "g-x"), ETag = null, Updated = null }, Token);
        await store.SaveItemAsync("s2", status, Token);

        Assert.Equal(status, await store.GetItemAsync("s1", status.Key, Token));
        Assert.Equal(2, await store.CountItemsAsync("s1", Token));
        await store.DeleteItemAsync("s1", status.Key, Token);
        await store.DeleteItemAsync("s1", status.Key, Token);
        Assert.Null(await store.GetItemAsync("s1", status.Key, Token));
        Assert.Equal(1, await store.CountItemsAsync("s1", Token));
        Assert.Equal(1, await store.CountItemsAsync("s2", Token));
    }

    [Fact]
    public async Task ListItemsAsync_DeletingWhilePaging_SkipsNothing()
    {
        var store = new TableSyncStateStore(TestTables.Create(azurite));
        for (var i = 0; i < 10; i++)
        {
            await store.SaveItemAsync("s1", new ItemSyncStatus(new ItemKey(ItemKind.Appointment, $"a{i}"), 1, $"ev{i}", null, null, 0), Token);
        }

        await store.SaveStateAsync(new SyncState { StaffId = "s1", Epoch = 1 }, Token);
        var seen = new List<string>();
        string? continuation = null;
        do
        {
            var page = await store.ListItemsAsync("s1", continuation, 3, Token);
            foreach (var status in page.Items)
            {
                seen.Add(status.Key.Id);
                await store.DeleteItemAsync("s1", status.Key, Token);
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"a{i}"), seen);
        Assert.Equal(0, await store.CountItemsAsync("s1", Token));
    }

    [Fact]
    public async Task ListItemsAsync_ForeignContinuation_IsRefused()
    {
        var store = new TableSyncStateStore(TestTables.Create(azurite));

        await Assert.ThrowsAsync<InvalidContinuationException>(() => store.ListItemsAsync("s1", "x' or PartitionKey ne '", 3, Token));
    }
}
