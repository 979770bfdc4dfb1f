using Azure.Data.Tables;
using CalendarSync.Core.Data;
using CalendarSync.Azure.Data;
using CalendarSync.Azure.Storage;
using CalendarSync.Azure.Tests.Storage;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Data;
using CalendarSync.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Azure.Tests.Data;

public sealed class TableAppointmentDataTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SaveAsync_NewAndChangedItem_GivesNextVersionAndTimeAndReadsBack()
    {
        var data = Create();
        var first = await data.SaveAsync(Appointment("a1", 10, version: 42), Token);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = await data.SaveAsync(Appointment("a1", 11), Token);

        Assert.Equal(1, first.Version);
        Assert.Equal(Now, first.LastModified);
        Assert.Equal(2, second.Version);
        var read = Assert.IsType<Appointment>(await data.GetItemAsync("s1", second.Key, Token));
        Assert.Equal(second, read);
        Assert.Equal("Jane Doe", read.CustomerName);
    }

    [Fact]
    public async Task GetChangesAsync_PagesInOrder_EachChangeOnceAtItsLatestVersion()
    {
        var data = Create();
        for (var i = 0; i < 7; i++)
        {
            await data.SaveAsync(Appointment($"a{i}", 8 + i), Token);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        await data.SaveAsync(Appointment("a0", 18), Token);

        var seen = new List<LocalItem>();
        string? watermark = null;
        bool more;
        do
        {
            var page = await data.GetChangesAsync("s1", watermark, 3, Token);
            seen.AddRange(page.Items);
            watermark = page.NextWatermark;
            more = page.HasMore;
        }
        while (more);

        Assert.Equal(["a1", "a2", "a3", "a4", "a5", "a6", "a0"], seen.Select(i => i.Id));
        Assert.Equal(2, seen[^1].Version);
        Assert.Empty((await data.GetChangesAsync("s1", watermark, 3, Token)).Items);
    }

    [Fact]
    public async Task GetChangesAsync_ChangesAfterWatermark_ComeInALaterPage()
    {
        var data = Create();
        await data.SaveAsync(Appointment("a1", 9), Token);
        var first = await data.GetChangesAsync("s1", null, 10, Token);

        await data.SaveAsync(Appointment("a1", 12), Token);
        Assert.True(await data.DeleteAsync("s1", new ItemKey(ItemKind.Appointment, "a1"), Token));
        await data.SaveAsync(Appointment("a2", 13), Token);
        var later = await data.GetChangesAsync("s1", first.NextWatermark, 10, Token);

        Assert.Equal(["a1", "a2"], later.Items.Select(i => i.Id));
        Assert.True(later.Items[0].IsDeleted);
        Assert.Equal(3, later.Items[0].Version);
        Assert.False(later.HasMore);
    }

    [Fact]
    public async Task GetChangesAsync_ClosuresAndOtherStaff_MergedForEveryStaffMemberOnly()
    {
        var data = Create();
        await data.SaveAsync(Appointment("a1", 9), Token);
        await data.SaveAsync(Appointment("a9", 9, staff: "s2"), Token);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await data.SaveAsync(new BusinessClosure("c1", new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 27), "Christmas"), Token);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await data.SaveAsync(new BlockedSlot("b1", "s1", Timed(14), BlockOrigin.Local, "Paperwork"), Token);
        await data.WriteGoogleBlocksAsync("s1", [GoogleBlockWrite.Upsert("ev1", Timed(15), "Dentist", 1)], Token);

        var s1 = await data.GetChangesAsync("s1", null, 2, Token);
        var s1Rest = await data.GetChangesAsync("s1", s1.NextWatermark, 2, Token);
        var s2 = await data.GetChangesAsync("s2", null, 10, Token);

        Assert.Equal(["appointment:a1", "closure:c1"], s1.Items.Select(i => i.Key.ToString()));
        Assert.True(s1.HasMore);
        Assert.Equal(["block:b1"], s1Rest.Items.Select(i => i.Key.ToString()));
        Assert.Equal(["appointment:a9", "closure:c1"], s2.Items.Select(i => i.Key.ToString()));
    }

    [Fact]
    public async Task GetChangesAsync_ConcurrentWriters_EveryChangeSeenOnce()
    {
        var data = Create();
        string? watermark = null;
        var seen = new List<string>();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await data.SaveAsync(Appointment($"w{w}-{i}", 9), Token);
            }
        }, Token)).ToArray();

        while (!writers.All(t => t.IsCompleted) || watermark is null)
        {
            var page = await data.GetChangesAsync("s1", watermark, 5, Token);
            seen.AddRange(page.Items.Select(i => i.Id));
            watermark = page.NextWatermark;
        }

        await Task.WhenAll(writers);
        seen.AddRange(await DrainAsync(data, watermark));

        Assert.Equal(40, seen.Count);
        Assert.Equal(40, seen.Distinct().Count());
    }

    [Fact]
    public async Task DeleteAsync_Twice_SecondFindsNothing()
    {
        var data = Create();
        await data.SaveAsync(Appointment("a1", 9), Token);

        Assert.True(await data.DeleteAsync("s1", new ItemKey(ItemKind.Appointment, "a1"), Token));
        Assert.False(await data.DeleteAsync("s1", new ItemKey(ItemKind.Appointment, "a1"), Token));
        Assert.False(await data.DeleteAsync("s1", new ItemKey(ItemKind.Appointment, "never"), Token));
        Assert.True((await data.GetItemAsync("s1", new ItemKey(ItemKind.Appointment, "a1"), Token))!.IsDeleted);
    }

    [Fact]
    public async Task PurgeTombstonesAsync_OlderThanCutoff_RemovesTombstoneAndItsChange()
    {
        var data = Create();
        await data.SaveAsync(Appointment("old", 9), Token);
        await data.SaveAsync(Appointment("kept", 10), Token);
        await data.DeleteAsync("s1", new ItemKey(ItemKind.Appointment, "old"), Token);
        _clock.Advance(TimeSpan.FromDays(100));
        await data.DeleteAsync("s1", new ItemKey(ItemKind.Appointment, "kept"), Token);

        var purged = await data.PurgeTombstonesAsync(_clock.GetUtcNow() - TimeSpan.FromDays(90), Token);

        Assert.Equal(1, purged);
        Assert.Null(await data.GetItemAsync("s1", new ItemKey(ItemKind.Appointment, "old"), Token));
        Assert.NotNull(await data.GetItemAsync("s1", new ItemKey(ItemKind.Appointment, "kept"), Token));
        var feed = await data.GetChangesAsync("s1", null, 10, Token);
        Assert.Equal(["kept"], feed.Items.Select(i => i.Id));

        // The id can be used again after its tombstone went, and starts a new history.
        var again = await data.SaveAsync(Appointment("old", 11), Token);
        Assert.Equal(1, again.Version);
    }

    [Fact]
    public async Task GoogleBlocks_NotInFeedOrRange_ButInBlocksAndBusy()
    {
        var data = Create();
        await data.WriteGoogleBlocksAsync("s1", [GoogleBlockWrite.Upsert("ev1", Timed(12), "Lunch", 1)], Token);
        await data.WriteGoogleBlocksAsync("s1", [GoogleBlockWrite.Upsert("ev1", Timed(13), "Lunch, later", 2)], Token);
        await data.SaveAsync(new BlockedSlot("b1", "s1", Timed(15), BlockOrigin.Local), Token);

        var feed = await data.GetChangesAsync("s1", null, 10, Token);
        var range = await data.GetItemsInRangeAsync("s1", Now, Now.AddDays(30), null, 10, Token);
        var blocks = await data.ListBlocksAsync("s1", null, 10, Token);
        var busy = await data.ListBusyAsync("s1", Now, Now.AddDays(30), Token);

        Assert.Equal(["b1"], feed.Items.Select(i => i.Id));
        Assert.Equal(["b1"], range.Items.Select(i => i.Id));
        Assert.Equal(["b1", "g-ev1"], blocks.Items.Select(i => i.Id));
        var google = Assert.IsType<BlockedSlot>(blocks.Items[1]);
        Assert.Equal((BlockOrigin.Google, "Lunch, later", 2L), (google.Origin, google.Summary, google.Version));
        Assert.Equal(2, busy.Count);

        await data.WriteGoogleBlocksAsync("s1", [GoogleBlockWrite.Delete("ev1")], Token);
        await data.WriteGoogleBlocksAsync("s1", [GoogleBlockWrite.Delete("ev1")], Token);
        Assert.Equal(["b1"], (await data.ListBlocksAsync("s1", null, 10, Token)).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task GoogleBlockStatuses_StoredOnTheBlocksRow_ReadListedStampedAndGoneWithIt()
    {
        var data = Create();
        await GoogleBlockStatusContract.StoredReadListedStampedAndGoneWithTheBlockAsync(data, data, hour => Timed(hour), Token);
    }

    [Fact]
    public async Task ReadFeedHeadAsync_AfterAWatermarkExactlyWhenTheNextPageHasSomething()
    {
        var data = Create();
        await FeedHeadContract.AfterAWatermarkExactlyWhenTheNextPageHasSomethingAsync(data, data, hour => Timed(hour), Token);
    }

    [Fact]
    public async Task ListGoogleBlocksAsync_OnlyGoogleOrigin_InIdOrder_Paged()
    {
        var data = Create();
        await data.SaveAsync(new BlockedSlot("b1", "s1", Timed(9), BlockOrigin.Local), Token);
        await data.SaveAsync(new BlockedSlot("h1", "s1", Timed(9), BlockOrigin.Local), Token);
        List<string> events = ["ev3", "ev1", "ev2"];
        await data.WriteGoogleBlocksAsync("s1", [.. events.Select(e => GoogleBlockWrite.Upsert(e, Timed(12), "Lunch", 1))], Token);
        await data.WriteGoogleBlocksAsync("s2", [GoogleBlockWrite.Upsert("other", Timed(12), "Lunch", 1)], Token);

        var first = await data.ListGoogleBlocksAsync("s1", null, 2, Token);
        var second = await data.ListGoogleBlocksAsync("s1", first.Continuation, 2, Token);

        Assert.Equal(["g-ev1", "g-ev2"], first.Items.Select(i => i.Id));
        Assert.Equal(["g-ev3"], second.Items.Select(i => i.Id));
        Assert.Null(second.Continuation);
    }

    [Fact]
    public async Task GetItemsInRangeAsync_PagesThroughStaffThenClosures_OnlyOverlappingLiveItems()
    {
        var data = Create();
        for (var i = 0; i < 5; i++)
        {
            await data.SaveAsync(Appointment($"a{i}", 9, day: 10 + i), Token);
        }

        await data.SaveAsync(Appointment("far", 9, day: 90), Token);
        await data.SaveAsync(Appointment("gone", 9, day: 11), Token);
        await data.DeleteAsync("s1", new ItemKey(ItemKind.Appointment, "gone"), Token);
        await data.SaveAsync(new BusinessClosure("c1", new DateOnly(2026, 12, 10), new DateOnly(2026, 12, 11), "Staff party"), Token);
        await data.SaveAsync(new BusinessClosure("c2", new DateOnly(2027, 6, 1), new DateOnly(2027, 6, 2), "Summer"), Token);

        var ids = new List<string>();
        string? continuation = null;
        do
        {
            var page = await data.GetItemsInRangeAsync("s1", Now.AddDays(5), Now.AddDays(30), continuation, 2, Token);
            ids.AddRange(page.Items.Select(i => i.Id));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        Assert.Equal(["a0", "a1", "a2", "a3", "a4", "c1"], ids);
    }

    [Fact]
    public async Task ListBusyAsync_CancelledAppointment_IsNotBusy()
    {
        var data = Create();
        await data.SaveAsync(Appointment("a1", 9), Token);
        await data.SaveAsync(new Appointment("a2", "s1", Timed(10), "Jane Doe", "Cut", status: AppointmentStatus.Cancelled), Token);
        await data.SaveAsync(new AvailabilityException("x1", "s1", Period.AllDay(new DateOnly(2026, 11, 25), new DateOnly(2026, 11, 26)), "Training"), Token);

        var busy = await data.ListBusyAsync("s1", Now, Now.AddDays(3), Token);

        Assert.Equal(["a1", "x1"], busy.Select(i => i.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListBookedAsync_OnlyTheStaffMembersBookedAppointmentsInTheRange()
    {
        var data = Create();
        await data.SaveAsync(Appointment("a1", 9), Token);
        await data.SaveAsync(Appointment("far", 9, day: 20), Token);
        await data.SaveAsync(new Appointment("a2", "s1", Timed(10), "Jane Doe", "Cut", status: AppointmentStatus.Cancelled), Token);
        await data.SaveAsync(Appointment("gone", 11), Token);
        await data.DeleteAsync("s1", new ItemKey(ItemKind.Appointment, "gone"), Token);
        await data.SaveAsync(Appointment("theirs", 9, staff: "s2"), Token);
        await data.SaveAsync(new BlockedSlot("b1", "s1", Timed(9), BlockOrigin.Local), Token);
        await data.WriteGoogleBlocksAsync("s1", [GoogleBlockWrite.Upsert("ev1", Timed(12), "Lunch", 1)], Token);
        await data.SaveAsync(new BusinessClosure("c1", new DateOnly(2026, 11, 25), new DateOnly(2026, 11, 26), "Holiday"), Token);

        var booked = await data.ListBookedAsync("s1", Now, Now.AddDays(3), Token);

        Assert.Equal(["a1"], booked.Select(a => a.Id));
    }

    [Fact]
    public async Task MoveAppointmentAsync_AtExpectedVersion_MovesAndFeeds_ElseNothing()
    {
        var data = Create();
        var booked = await data.SaveAsync(Appointment("a1", 9), Token);
        var start = await data.GetChangesAsync("s1", null, 10, Token);

        var stale = await data.MoveAppointmentAsync("s1", "a1", Timed(15), booked.Version + 1, Token);
        var moved = await data.MoveAppointmentAsync("s1", "a1", Timed(15), booked.Version, Token);

        Assert.Null(stale);
        Assert.NotNull(moved);
        Assert.Equal((2L, Timed(15)), (moved.Version, moved.Period));
        var feed = await data.GetChangesAsync("s1", start.NextWatermark, 10, Token);
        Assert.Equal(moved, Assert.Single(feed.Items));
    }

    [Fact]
    public async Task GetChangesAsync_ForeignWatermarkOrContinuation_IsRefused()
    {
        var data = Create();

        await Assert.ThrowsAsync<ArgumentException>(() => data.GetChangesAsync("s1", "7' or RowKey gt '", 10, Token));
        await Assert.ThrowsAsync<InvalidContinuationException>(() => data.GetItemsInRangeAsync("s1", Now, Now.AddDays(1), "s|x' or '1' eq '1", 10, Token));
        await Assert.ThrowsAsync<InvalidContinuationException>(() => data.ListBlocksAsync("s1", "b|closure:c1", 10, Token));
    }

    [Fact]
    public async Task ReadFeedHeadAsync_ACounterUnderTheOldSharedKey_IsMovedToItsOwnKeyAndTheFeedGoesOn()
    {
        var tables = TestTables.Create(azurite);
        var data = new TableAppointmentData(tables, _clock);
        await data.SaveAsync(Appointment("a1", 9), Token);
        await data.SaveAsync(Appointment("a2", 10), Token);
        var table = await tables.GetAsync(StorageTables.AppointmentData, Token);
        await MoveBackAsync(table, "s:s1");

        var heads = await Task.WhenAll(data.ReadFeedHeadAsync("s1", sharedFeedMayLag: false, Token), data.ReadFeedHeadAsync("s1", sharedFeedMayLag: false, Token));
        var keys = await CounterKeysAsync(table, "s:s1");
        await data.SaveAsync(Appointment("a3", 11), Token);

        Assert.All(heads, head => Assert.Equal((true, false), (head.IsAfter("1:1:0"), head.IsAfter("1:2:0"))));
        Assert.Equal(["feed|s:s1"], keys);
        Assert.Equal(["a3"], (await data.GetChangesAsync("s1", "1:2:0", 10, Token)).Items.Select(i => i.Id));
        Assert.True((await data.ReadFeedHeadAsync("s1", sharedFeedMayLag: false, Token)).IsAfter("1:2:0"));
    }

    [Fact]
    public async Task SaveAsync_ACounterUnderTheOldSharedKey_IsMovedByTheWriteThatFindsIt()
    {
        var tables = TestTables.Create(azurite);
        var data = new TableAppointmentData(tables, _clock);
        await data.SaveAsync(new BusinessClosure("c1", new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 27), "Christmas"), Token);
        var table = await tables.GetAsync(StorageTables.AppointmentData, Token);
        await MoveBackAsync(table, "business");

        await Task.WhenAll(
            data.SaveAsync(new BusinessClosure("c2", new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 2), "New Year"), Token),
            data.SaveAsync(new BusinessClosure("c3", new DateOnly(2027, 5, 1), new DateOnly(2027, 5, 2), "May Day"), Token));

        Assert.Equal(["feed|business"], await CounterKeysAsync(table, "business"));
        Assert.Equal(["c2", "c3"], (await data.GetChangesAsync("s1", "1:0:1", 10, Token)).Items.Select(i => i.Id).Order());
        Assert.False((await data.ReadFeedHeadAsync("s1", sharedFeedMayLag: false, Token)).IsAfter("1:0:3"));
    }

    /// <summary>Stores the partition's counter as an earlier version did, under the key every partition shared.</summary>
    private static async Task MoveBackAsync(TableClient table, string partition)
    {
        var counter = (await table.GetEntityAsync<TableEntity>(partition, "feed|" + partition, cancellationToken: Token)).Value;
        await table.DeleteEntityAsync(partition, counter.RowKey, counter.ETag, Token);
        await table.AddEntityAsync(new TableEntity(partition, "feed") { ["Sequence"] = counter.GetInt64("Sequence") }, Token);
    }

    private static async Task<List<string>> CounterKeysAsync(TableClient table, string partition)
    {
        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {"feed"} and RowKey lt {"feed~"}"), cancellationToken: Token))
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }

    private TableAppointmentData Create() => new(TestTables.Create(azurite), _clock);

    private static async Task<List<string>> DrainAsync(TableAppointmentData data, string? watermark)
    {
        var ids = new List<string>();
        while (true)
        {
            var page = await data.GetChangesAsync("s1", watermark, 50, TestContext.Current.CancellationToken);
            ids.AddRange(page.Items.Select(i => i.Id));
            watermark = page.NextWatermark;
            if (!page.HasMore)
            {
                return ids;
            }
        }
    }

    private static Appointment Appointment(string id, int hour, string staff = "s1", int day = 1, long version = 1) =>
        new(id, staff, Timed(hour, day), "Jane Doe", "Haircut", version: version);

    private static Period Timed(int hour, int day = 1)
    {
        var start = Now.Date.AddDays(day).AddHours(hour);
        return Period.Timed(new DateTimeOffset(start, TimeSpan.Zero), new DateTimeOffset(start.AddHours(1), TimeSpan.Zero));
    }
}
