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
        var store = new TableSyncStateStore(TestTables.Create(azurite), TimeProvider.System);

        Assert.Equal(SyncControl.Initial("s1"), await store.GetControlAsync("s1", Token));
    }

    [Fact]
    public async Task SaveStateAsync_EveryField_ReadsBack()
    {
        var store = new TableSyncStateStore(TestTables.Create(azurite), TimeProvider.System);
        var state = new SyncState
        {
            StaffId = "s1",
            GoogleSyncToken = new string('t', 3000),
            PullPageToken = "page-2",
            PullIsFull = true,
            Epoch = 7,
            LocalWatermark = "1:12:3",
            WindowEnd = new DateTimeOffset(2027, 11, 25, 23, 0, 0, TimeSpan.Zero),
            RenderedWith = string.Join('\n', LongestRendering('a'), LongestRendering('b'), LongestRendering('c')),
            RerenderContinuation = "next-items",
            RerenderedAt = new DateTimeOffset(2026, 11, 30, 7, 45, 0, TimeSpan.Zero),
            WritesPausedUntil = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero),
            BusyFingerprint = "0123456789abcdef0123456789abcdef",
            EventsCalendarId = "old-bookings@group.calendar.google.com",
            MovedTo = "bookings@group.calendar.google.com",
            CalendarTokens = CalendarTokens.None.With("team@group.calendar.google.com", new string('k', 500)).With("choir@group.calendar.google.com", null),
        };

        var lease = await store.TryAcquireAsync("s1", TimeSpan.FromMinutes(1), Token);
        lease = await store.SaveStateAsync(lease!, state, Token);
        await store.FinishAsync(lease, state with { Epoch = 8 }, Token);

        Assert.Equal(state with { Epoch = 8 }, (await store.GetControlAsync("s1", Token)).State);
        Assert.Equal(SyncState.Initial("s2"), (await store.GetControlAsync("s2", Token)).State);
    }

    /// <summary>A rendering as long as the settings allow, of characters JSON escapes (so the state's row must hold the longest).</summary>
    private static string LongestRendering(char variant)
    {
        for (var length = 1000; ; length -= 10)
        {
            var template = variant + string.Concat(Enumerable.Repeat("\u00e4\"", length))[..(length - 1)];
            var options = new EventOptions();
            foreach (var kind in new[] { options.Appointment, options.Block, options.Exception, options.Closure })
            {
                (kind.Summary, kind.Description) = (template, template);
            }

            if (EventRendering.Problems(options).Count == 0)
            {
                var fingerprint = new EventRendering(options).Fingerprint;
                Assert.True(fingerprint.Length > 9_900, $"The longest rendering has {fingerprint.Length} characters.");
                return fingerprint;
            }
        }
    }

    [Fact]
    public async Task WriteItemsAsync_MoreThanATransaction_WithRepeatsAndMissingDeletes_LastWriteWins()
    {
        var store = new TableSyncStateStore(TestTables.Create(azurite), TimeProvider.System);
        var statuses = Enumerable.Range(0, 250)
            .Select(i => new ItemSyncStatus(new ItemKey(ItemKind.Appointment, $"a{i:D3}"), 1, $"ev{i}", "\"1\"", null, 1))
            .ToList();
        await store.WriteItemsAsync("s1", [.. statuses.Select(ItemStatusWrite.Save)], Token);

        // a000 saved again at version 2, a001 removed, and the removal of statuses that never existed spread over every transaction.
        List<ItemStatusWrite> second =
        [
            ItemStatusWrite.Save(statuses[0] with { LocalVersion = 2 }),
            ItemStatusWrite.Delete(statuses[1].Key),
            .. Enumerable.Range(0, 150).Select(i => ItemStatusWrite.Delete(new ItemKey(ItemKind.Block, $"g-missing{i}"))),
            ItemStatusWrite.Save(statuses[1]),
            ItemStatusWrite.Delete(statuses[1].Key),
        ];
        await store.WriteItemsAsync("s1", second, Token);

        var found = await store.GetItemsAsync("s1", [statuses[0].Key, statuses[1].Key, statuses[249].Key, new ItemKey(ItemKind.Block, "g-missing3")], Token);
        Assert.Equal(2, found.Count);
        Assert.Equal(2, found[statuses[0].Key].LocalVersion);
        Assert.Equal(statuses[249], found[statuses[249].Key]);
        Assert.Equal(249, await store.CountItemsAsync("s1", Token));
    }

    [Fact]
    public async Task Items_SaveGetDeleteCount_PerStaffMember()
    {
        var store = new TableSyncStateStore(TestTables.Create(azurite), TimeProvider.System);
        var status = new ItemSyncStatus(new ItemKey(ItemKind.Appointment, "a1"), 3, "csabc", "\"etag-1\"",
            new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), 2);

        await store.WriteItemsAsync("s1", [ItemStatusWrite.Save(status)], Token);
        await store.WriteItemsAsync("s1", [ItemStatusWrite.Save(status with { Key = new ItemKey(ItemKind.Block, "g-x"), ETag = null, Updated = null })], Token);
        await store.WriteItemsAsync("s2", [ItemStatusWrite.Save(status)], Token);

        Assert.Equal(status, await store.GetItemAsync("s1", status.Key, Token));
        Assert.Equal(2, await store.CountItemsAsync("s1", Token));
        await store.WriteItemsAsync("s1", [ItemStatusWrite.Delete(status.Key)], Token);
        await store.WriteItemsAsync("s1", [ItemStatusWrite.Delete(status.Key)], Token);
        Assert.Null(await store.GetItemAsync("s1", status.Key, Token));
        Assert.Equal(1, await store.CountItemsAsync("s1", Token));
        Assert.Equal(1, await store.CountItemsAsync("s2", Token));
    }

    [Fact]
    public async Task ListItemsAsync_DeletingWhilePaging_SkipsNothing()
    {
        var store = new TableSyncStateStore(TestTables.Create(azurite), TimeProvider.System);
        for (var i = 0; i < 10; i++)
        {
            await store.WriteItemsAsync("s1", [ItemStatusWrite.Save(new ItemSyncStatus(new ItemKey(ItemKind.Appointment, $"a{i}"), 1, $"ev{i}", null, null, 0))], Token);
        }

        await store.FinishAsync((await store.TryAcquireAsync("s1", TimeSpan.FromMinutes(1), Token))!, new SyncState { StaffId = "s1", Epoch = 1 }, Token);
        var seen = new List<string>();
        string? continuation = null;
        do
        {
            var page = await store.ListItemsAsync("s1", continuation, 3, Token);
            foreach (var status in page.Items)
            {
                seen.Add(status.Key.Id);
                await store.WriteItemsAsync("s1", [ItemStatusWrite.Delete(status.Key)], Token);
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
        var store = new TableSyncStateStore(TestTables.Create(azurite), TimeProvider.System);

        await Assert.ThrowsAsync<InvalidContinuationException>(() => store.ListItemsAsync("s1", "x' or PartitionKey ne '", 3, Token));
    }
}
