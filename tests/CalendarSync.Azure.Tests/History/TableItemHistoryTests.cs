using CalendarSync.Azure.Data;
using CalendarSync.Azure.Sync;
using CalendarSync.Azure.Storage;
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
    public async Task ImportedBlock_ItsEntryRidesOnTheRow_ThenBecomesARowAtTheNextWrite_AndNoneIsLost()
    {
        var tables = TestTables.Create(azurite);
        var data = new TableAppointmentData(tables, TimeProvider.System);
        var key = BlockedSlot.KeyForGoogleEvent("ev1");
        ItemSyncStatus StatusAt(long version) => new(key, version, "ev1", $"\"e{version}\"", Start, 1);
        ItemHistoryEntry EntryAt(int minutes, ItemHistoryAction action, string reason) => new(key, Start.AddMinutes(minutes), action, "ev1", reason);

        await data.WriteGoogleBlocksAsync("s1", [
            GoogleBlockWrite.Upsert("ev1", Period.Timed(Start, Start.AddHours(1)), "Dentist", 1)
                with { Status = StatusAt(1), History = EntryAt(0, ItemHistoryAction.BlockImported, "imported") },
        ], Token);
        var historyRows = await HistoryRowCountAsync(tables);
        var afterImport = await data.ReadHistoryAsync("s1", key, 10, Token);

        await data.WriteGoogleBlocksAsync("s1", [
            GoogleBlockWrite.Upsert("ev1", Period.Timed(Start, Start.AddHours(2)), "Dentist", 2)
                with { Status = StatusAt(2), History = EntryAt(5, ItemHistoryAction.BlockUpdated, "changed") },
        ], Token);
        var afterUpdate = await data.ReadHistoryAsync("s1", key, 10, Token);
        await data.WriteGoogleBlocksAsync("s1", [GoogleBlockWrite.Delete("ev1") with { History = EntryAt(9, ItemHistoryAction.BlockRemoved, "deleted") }], Token);
        var afterRemoval = await data.ReadHistoryAsync("s1", key, 10, Token);

        Assert.Equal(0, historyRows);
        Assert.Equal(["imported"], afterImport.Select(e => e.Reason));
        Assert.Equal((ItemHistoryAction.BlockImported, "ev1", Start), (afterImport[0].Action, afterImport[0].EventId, afterImport[0].At));
        Assert.Equal(["changed", "imported"], afterUpdate.Select(e => e.Reason));
        Assert.Equal(["deleted", "changed", "imported"], afterRemoval.Select(e => e.Reason));
        Assert.Equal(["deleted", "changed"], (await data.ReadHistoryAsync("s1", key, 2, Token)).Select(e => e.Reason));
    }

    [Fact]
    public async Task PurgeHistoryAsync_AnEntryARowCarries_GoesPastTheCutoff_TheBlockStays()
    {
        var data = new TableAppointmentData(TestTables.Create(azurite), TimeProvider.System);
        var old = BlockedSlot.KeyForGoogleEvent("old");
        await data.WriteGoogleBlocksAsync("s1", [
            GoogleBlockWrite.Upsert("old", Period.Timed(Start, Start.AddHours(1)), "Dentist", 1) with
            {
                Status = new ItemSyncStatus(old, 1, "old", "\"e\"", Start, 1),
                History = new ItemHistoryEntry(old, Start.AddDays(-100), ItemHistoryAction.BlockImported, "old", "imported long ago"),
            },
            GoogleBlockWrite.Upsert("new", Period.Timed(Start, Start.AddHours(1)), "Gym", 1) with
            {
                Status = new ItemSyncStatus(BlockedSlot.KeyForGoogleEvent("new"), 1, "new", "\"e\"", Start, 1),
                History = new ItemHistoryEntry(BlockedSlot.KeyForGoogleEvent("new"), Start, ItemHistoryAction.BlockImported, "new", "imported"),
            },
        ], Token);

        var purged = await data.PurgeHistoryAsync(Start.AddDays(-90), Token);

        Assert.Equal(1, purged);
        Assert.Empty(await data.ReadHistoryAsync("s1", old, 10, Token));
        Assert.Single(await data.ReadHistoryAsync("s1", BlockedSlot.KeyForGoogleEvent("new"), 10, Token));
        Assert.Equal("Dentist", Assert.IsType<BlockedSlot>(await data.GetItemAsync("s1", old, Token)).Summary);
        Assert.Equal("\"e\"", (await data.GetGoogleBlockStatusesAsync("s1", [old], Token))[old].ETag);
    }

    private static async Task<int> HistoryRowCountAsync(StorageTables tables)
    {
        var table = await tables.GetAsync(StorageTables.AppointmentData, CancellationToken.None);
        var count = 0;
        await foreach (var _ in table.QueryAsync<global::Azure.Data.Tables.TableEntity>("RowKey gt 'history|' and RowKey lt 'history|~'", cancellationToken: CancellationToken.None))
        {
            count++;
        }

        return count;
    }

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
