using CalendarSync.Azure.Data;
using CalendarSync.Azure.Sync;
using CalendarSync.Azure.Tests.Storage;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.History;
using CalendarSync.Core.Sync;
using CalendarSync.Testing;

namespace CalendarSync.Azure.Tests.History;

/// <summary>
/// Item history on Azurite: each entry in the entity group transaction of the status or Google-origin block it describes,
/// so a transaction that fails stores neither, and the others both; read newest first; purged past its retention.
/// </summary>
public sealed class TableItemHistoryTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WriteItemsAsync_ManyTransactions_EveryStatusWithItsEntryAndATransactionThatFailsStoresNeither()
    {
        var store = new TableSyncStateStore(TestTables.Create(azurite), TimeProvider.System);

        // 150 statuses with an entry each are three transactions of 50 pairs; then 40 more, one of whose entries is over
        // Table Storage's 64 KB a property, are one transaction that fails whole.
        await store.WriteItemsAsync("s1", [.. Enumerable.Range(0, 150).Select(i => Status(i, $"created {i}"))], Token);
        var failing = Enumerable.Range(150, 40).Select(i => Status(i, i == 170 ? new string('x', 40_000) : $"created {i}")).ToList();
        await Assert.ThrowsAnyAsync<Exception>(() => store.WriteItemsAsync("s1", failing, Token));

        var statuses = (await store.ListItemsAsync("s1", null, 1000, Token)).Items.Select(s => s.Key).ToHashSet();
        var withHistory = new HashSet<ItemKey>();
        for (var i = 0; i < 190; i++)
        {
            var key = Status(i, "").Key;
            if ((await store.ReadHistoryAsync("s1", key, 10, Token)).Count == 1)
            {
                withHistory.Add(key);
            }
        }

        Assert.Equal(150, statuses.Count);
        Assert.Equal(statuses, withHistory);
    }

    [Fact]
    public async Task WriteGoogleBlocksAsync_ManyTransactions_EveryBlockWithItsEntryAndATransactionThatFailsStoresNeither()
    {
        var data = new TableAppointmentData(TestTables.Create(azurite), TimeProvider.System);

        await data.WriteGoogleBlocksAsync("s1", [.. Enumerable.Range(0, 150).Select(i => Block(i, "imported"))], Token);
        var failing = Enumerable.Range(150, 40).Select(i => Block(i, i == 160 ? new string('x', 40_000) : "imported")).ToList();
        await Assert.ThrowsAnyAsync<Exception>(() => data.WriteGoogleBlocksAsync("s1", failing, Token));

        var blocks = new HashSet<ItemKey>();
        string? continuation = null;
        do
        {
            var page = await data.ListGoogleBlocksAsync("s1", continuation, 1000, Token);
            blocks.UnionWith(page.Items.Select(b => b.Key));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        var withHistory = new HashSet<ItemKey>();
        for (var i = 0; i < 190; i++)
        {
            var key = Block(i, "").History!.Key;
            if ((await data.ReadHistoryAsync("s1", key, 10, Token)).Count == 1)
            {
                withHistory.Add(key);
            }
        }

        Assert.Equal(150, blocks.Count);
        Assert.Equal(blocks, withHistory);
    }

    private static ItemStatusWrite Status(int i, string reason)
    {
        var key = new ItemKey(ItemKind.Appointment, $"a{i:000}");
        return ItemStatusWrite.Save(new ItemSyncStatus(key, 1, $"ev{i}", "\"e1\"", Start, 1))
            with { History = new ItemHistoryEntry(key, Start.AddSeconds(i), ItemHistoryAction.EventCreated, $"ev{i}", reason) };
    }

    private static GoogleBlockWrite Block(int i, string reason) =>
        GoogleBlockWrite.Upsert($"ev{i:000}", Period.Timed(Start, Start.AddHours(1)), "Busy", 1) with
        {
            History = new ItemHistoryEntry(BlockedSlot.KeyForGoogleEvent($"ev{i:000}"), Start, ItemHistoryAction.BlockImported, $"ev{i:000}", reason),
        };

    [Fact]
    public async Task ReadHistoryAsync_SeveralWrites_NewestFirstOfThatItemOnlyUpToTheLimit()
    {
        var store = new TableSyncStateStore(TestTables.Create(azurite), TimeProvider.System);
        var key = new ItemKey(ItemKind.Appointment, "a1");
        var other = new ItemKey(ItemKind.Appointment, "a10");
        for (var i = 0; i < 4; i++)
        {
            await store.WriteItemsAsync("s1", [ItemStatusWrite.Save(new ItemSyncStatus(key, i + 1, "ev", null, null, 1))
                with { History = new ItemHistoryEntry(key, Start.AddMinutes(i), ItemHistoryAction.EventUpdated, "ev", $"change {i}") }], Token);
        }

        await store.WriteItemsAsync("s1", [ItemStatusWrite.Delete(other)
            with { History = new ItemHistoryEntry(other, Start.AddHours(1), ItemHistoryAction.EventDeleted, "ev2", "gone") }], Token);

        var entries = await store.ReadHistoryAsync("s1", key, 3, Token);
        var deleted = await store.ReadHistoryAsync("s1", other, 10, Token);

        Assert.Equal(["change 3", "change 2", "change 1"], entries.Select(e => e.Reason));
        Assert.All(entries, e => Assert.Equal(key, e.Key));
        Assert.Equal(ItemHistoryAction.EventDeleted, Assert.Single(deleted).Action);
        Assert.Null(await store.GetItemAsync("s1", other, Token));
    }

    [Fact]
    public async Task PurgeHistoryAsync_EntriesOnBothSidesOfTheCutoff_RemovesOnlyTheOlderAndNoStatus()
    {
        var tables = TestTables.Create(azurite);
        var store = new TableSyncStateStore(tables, TimeProvider.System);
        var key = new ItemKey(ItemKind.Appointment, "a1");
        await store.WriteItemsAsync("s1", [
            ItemStatusWrite.Save(new ItemSyncStatus(key, 1, "ev", null, null, 1))
                with { History = new ItemHistoryEntry(key, Start.AddDays(-100), ItemHistoryAction.EventCreated, "ev", "old") },
        ], Token);
        await store.WriteItemsAsync("s1", [
            ItemStatusWrite.Save(new ItemSyncStatus(key, 2, "ev", null, null, 1))
                with { History = new ItemHistoryEntry(key, Start, ItemHistoryAction.EventUpdated, "ev", "new") },
        ], Token);

        var purged = await store.PurgeHistoryAsync(Start.AddDays(-90), Token);

        Assert.Equal(1, purged);
        Assert.Equal("new", Assert.Single(await store.ReadHistoryAsync("s1", key, 10, Token)).Reason);
        Assert.Equal(2, (await store.GetItemAsync("s1", key, Token))!.LocalVersion);
    }
}
