using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.History;
using CalendarSync.Testing;

namespace CalendarSync.PostgreSql.Tests.History;

/// <summary>
/// The history of Google-origin blocks on a real PostgreSQL server: written in the blocks' transaction (a batch that fails
/// stores neither), read newest first, purged past its retention.
/// </summary>
public sealed class PostgresItemHistoryTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Nine = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WriteGoogleBlocksAsync_WithHistory_StoresBothAndReadsNewestFirst()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);
        var key = BlockedSlot.KeyForGoogleEvent("ev1");

        await db.Store.WriteGoogleBlocksAsync("s1", [Import("ev1", Nine, "imported")], Token);
        await db.Store.WriteGoogleBlocksAsync("s1", [GoogleBlockWrite.Delete("ev1")
            with { History = new ItemHistoryEntry(key, Nine.AddMinutes(5), ItemHistoryAction.BlockRemoved, "ev1", "the event was deleted in Google") }], Token);

        var entries = await db.Store.ReadHistoryAsync("s1", key, 10, Token);

        Assert.Equal([ItemHistoryAction.BlockRemoved, ItemHistoryAction.BlockImported], entries.Select(e => e.Action));
        Assert.Equal(Nine.AddMinutes(5), entries[0].At);
        Assert.Empty((await db.Store.ListGoogleBlocksAsync("s1", null, 10, Token)).Items);
        Assert.Empty(await db.Store.ReadHistoryAsync("s2", key, 10, Token));
    }

    [Fact]
    public async Task WriteGoogleBlocksAsync_TheBatchFails_StoresNeitherBlocksNorHistory()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);

        // PostgreSQL refuses a NUL in text: the history's insert fails, after the blocks' in the same batch.
        var writes = new[] { Import("ev1", Nine, "imported"), Import("ev2", Nine, "bad\0reason") };
        await Assert.ThrowsAnyAsync<Exception>(() => db.Store.WriteGoogleBlocksAsync("s1", writes, Token));

        Assert.Empty((await db.Store.ListGoogleBlocksAsync("s1", null, 10, Token)).Items);
        Assert.Empty(await db.Store.ReadHistoryAsync("s1", BlockedSlot.KeyForGoogleEvent("ev1"), 10, Token));
    }

    [Fact]
    public async Task PurgeHistoryAsync_EntriesOnBothSidesOfTheCutoff_RemovesOnlyTheOlder()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);
        await db.Store.WriteGoogleBlocksAsync("s1", [Import("ev1", Nine.AddDays(-100), "old"), Import("ev2", Nine, "new")], Token);

        var purged = await db.Store.PurgeHistoryAsync(Nine.AddDays(-90), Token);

        Assert.Equal(1, purged);
        Assert.Empty(await db.Store.ReadHistoryAsync("s1", BlockedSlot.KeyForGoogleEvent("ev1"), 10, Token));
        Assert.Single(await db.Store.ReadHistoryAsync("s1", BlockedSlot.KeyForGoogleEvent("ev2"), 10, Token));
        Assert.Equal(2, (await db.Store.ListGoogleBlocksAsync("s1", null, 10, Token)).Items.Count);
    }

    private static GoogleBlockWrite Import(string eventId, DateTimeOffset at, string reason) =>
        GoogleBlockWrite.Upsert(eventId, Period.Timed(Nine, Nine.AddHours(1)), "Busy", 1) with
        {
            History = new ItemHistoryEntry(BlockedSlot.KeyForGoogleEvent(eventId), at, ItemHistoryAction.BlockImported, eventId, reason),
        };
}
