using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Data;
using CalendarSync.Testing;
using Npgsql;

namespace CalendarSync.PostgreSql.Tests.Data;

/// <summary>The store on a real server: what the business writes with plain SQL, and what the sync reads and writes.</summary>
public sealed class PostgresAppointmentDataTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Nine = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PlainSqlInsertUpdateDelete_ContractColumnsOnly_FeedHandsOutEachVersionAndTheTombstone()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);
        await db.ExecuteAsync(
            "INSERT INTO calendar_sync.appointments (staff_id, id, starts_at, ends_at, customer_name) VALUES ('s1', 'a1', $1, $2, 'Jane Doe')",
            Token, Nine, Nine.AddHours(1));

        var first = await db.Store.GetChangesAsync("s1", null, 10, Token);
        var created = Assert.IsType<Appointment>(Assert.Single(first.Items));
        Assert.Equal((1L, "Jane Doe", AppointmentStatus.Booked, Nine), (created.Version, created.CustomerName, created.Status, created.Period.Start));

        await db.ExecuteAsync("UPDATE calendar_sync.appointments SET status = 'cancelled' WHERE id = 'a1'", Token);
        var second = await db.Store.GetChangesAsync("s1", first.NextWatermark, 10, Token);
        var cancelled = Assert.IsType<Appointment>(Assert.Single(second.Items));
        Assert.Equal((2L, AppointmentStatus.Cancelled), (cancelled.Version, cancelled.Status));

        await db.ExecuteAsync("DELETE FROM calendar_sync.appointments WHERE id = 'a1'", Token);
        var third = await db.Store.GetChangesAsync("s1", second.NextWatermark, 10, Token);
        var tombstone = Assert.Single(third.Items);
        Assert.Equal((true, 3L, "Jane Doe"), (tombstone.IsDeleted, tombstone.Version, ((Appointment)tombstone).CustomerName));
        Assert.Equal(tombstone, await db.Store.GetItemAsync("s1", tombstone.Key, Token));

        // Inserted again under the same key, it goes on from the tombstone's version.
        await db.ExecuteAsync(
            "INSERT INTO calendar_sync.appointments (staff_id, id, starts_at, ends_at, customer_name) VALUES ('s1', 'a1', $1, $2, 'Jane Doe')",
            Token, Nine, Nine.AddHours(1));
        var back = Assert.Single((await db.Store.GetChangesAsync("s1", third.NextWatermark, 10, Token)).Items);
        Assert.Equal((false, 4L), (back.IsDeleted, back.Version));
    }

    [Fact]
    public async Task PlainSqlUpdate_ThatChangesNothing_LogsNoChangeAndKeepsTheVersion()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);
        await db.Store.SaveAsync(Appointment("a1", 9), Token);
        var page = await db.Store.GetChangesAsync("s1", null, 10, Token);

        var touched = await db.ExecuteAsync(
            "UPDATE calendar_sync.appointments SET customer_name = customer_name, status = 'booked', starts_at = starts_at WHERE id = 'a1'", Token);

        Assert.Equal(1, touched);
        Assert.False((await db.Store.ReadFeedHeadAsync("s1", sharedFeedMayLag: false, Token)).IsAfter(page.NextWatermark));
        Assert.Empty((await db.Store.GetChangesAsync("s1", page.NextWatermark, 10, Token)).Items);
        Assert.Equal(1, (await db.Store.GetItemAsync("s1", new ItemKey(ItemKind.Appointment, "a1"), Token))!.Version);
    }

    [Fact]
    public async Task GetChangesAsync_ATransactionThatChangedFirstAndCommitsLast_IsNeverSkipped()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);

        // The long transaction writes first, so it holds the earlier transaction id and sequence number.
        await using var slow = await db.DataSource.OpenConnectionAsync(Token);
        await using var transaction = await slow.BeginTransactionAsync(Token);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO calendar_sync.appointments (staff_id, id, starts_at, ends_at, customer_name) VALUES ('s1', 'late', $1, $2, 'Late')",
            slow, transaction) { Parameters = { new() { Value = Nine }, new() { Value = Nine.AddHours(1) } } })
        {
            await insert.ExecuteNonQueryAsync(Token);
        }

        await db.Store.SaveAsync(Appointment("quick", 10), Token);
        var whileOpen = await db.Store.GetChangesAsync("s1", null, 10, Token);
        await transaction.CommitAsync(Token);
        var after = await db.Store.GetChangesAsync("s1", whileOpen.NextWatermark, 10, Token);

        var handedOut = whileOpen.Items.Concat(after.Items).Select(i => i.Id).ToList();
        Assert.Contains("late", handedOut);
        Assert.Contains("quick", handedOut);
    }

    [Fact]
    public async Task GetChangesAsync_ManyWritersCommittingInAnyOrder_EveryChangeComesAtLeastOnceInOrderPerItem()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);
        var seen = new Dictionary<string, long>();
        string? watermark = null;
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var round = 0; round < 15; round++)
            {
                await db.ExecuteAsync($"""
                    INSERT INTO calendar_sync.appointments (staff_id, id, starts_at, ends_at, customer_name)
                    VALUES ('s1', 'w{w}', $1, $2, 'Round {round}')
                    ON CONFLICT (staff_id, id) DO UPDATE SET customer_name = excluded.customer_name
                    """, Token, Nine.AddDays(round), Nine.AddDays(round).AddHours(1));
            }
        }, Token)).ToList();

        async Task ReadAsync()
        {
            LocalChangePage page;
            do
            {
                page = await db.Store.GetChangesAsync("s1", watermark, 4, Token);
                foreach (var item in page.Items)
                {
                    // In order per item: never an older version after a newer one.
                    Assert.True(item.Version >= seen.GetValueOrDefault(item.Id), $"{item.Id} went back to version {item.Version}.");
                    seen[item.Id] = item.Version;
                }

                watermark = page.NextWatermark;
            }
            while (page.HasMore);
        }

        while (writers.Any(w => !w.IsCompleted))
        {
            await ReadAsync();
        }

        await Task.WhenAll(writers);
        await ReadAsync();

        // Every item's last committed change reached the reader.
        Assert.Equal(Enumerable.Range(0, 8).ToDictionary(w => $"w{w}", _ => 15L), seen);
    }

    [Fact]
    public async Task GoogleBlocks_WrittenByTheSync_NeverComeBackAsLocalChangesAndTheBusinessReadsThemWithSql()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);
        var start = await db.Store.GetChangesAsync("s1", null, 10, Token);

        await db.Store.WriteGoogleBlocksAsync("s1",
        [
            GoogleBlockWrite.Upsert("ev1", Period.Timed(Nine, Nine.AddHours(1)), "Lunch", 1),
            GoogleBlockWrite.Upsert("ev2", Period.AllDay(new DateOnly(2026, 11, 25), new DateOnly(2026, 11, 26)), "Off", 1),
            GoogleBlockWrite.Upsert("ev3", Period.Timed(Nine, Nine.AddHours(2)), "Gone soon", 1),
            GoogleBlockWrite.Upsert("ev1", Period.Timed(Nine.AddHours(3), Nine.AddHours(4)), "Late lunch", 2),
        ], Token);
        await db.Store.WriteGoogleBlocksAsync("s1", [GoogleBlockWrite.Delete("ev3"), GoogleBlockWrite.Delete("never-there")], Token);

        Assert.False((await db.Store.ReadFeedHeadAsync("s1", sharedFeedMayLag: false, Token)).IsAfter(start.NextWatermark));
        Assert.Empty((await db.Store.GetChangesAsync("s1", start.NextWatermark, 10, Token)).Items);
        var listed = (await db.Store.ListGoogleBlocksAsync("s1", null, 10, Token)).Items.Cast<BlockedSlot>().ToList();
        Assert.Equal(["g-ev1", "g-ev2"], listed.Select(b => b.Id));
        Assert.Equal(("Late lunch", 2L, Nine.AddHours(3)), (listed[0].Summary, listed[0].Version, listed[0].Period.Start));

        await using var command = db.DataSource.CreateCommand(
            "SELECT google_event_id, start_date FROM calendar_sync.blocked_slots WHERE staff_id = 's1' AND source = 'google' AND start_date IS NOT NULL");
        await using var reader = await command.ExecuteReaderAsync(Token);
        Assert.True(await reader.ReadAsync(Token));
        Assert.Equal(("ev2", new DateOnly(2026, 11, 25)), (reader.GetString(0), reader.GetFieldValue<DateOnly>(1)));
    }

    [Theory]
    [InlineData("INSERT INTO calendar_sync.appointments (staff_id, id, starts_at, ends_at, customer_name) VALUES ('s1', 'a', '2026-11-24 10:00Z', '2026-11-24 09:00Z', 'X')", "ends_at")]
    [InlineData("INSERT INTO calendar_sync.appointments (staff_id, id, starts_at, ends_at, customer_name, status) VALUES ('s1', 'a', '2026-11-24 09:00Z', '2026-11-24 10:00Z', 'X', 'maybe')", "status")]
    [InlineData("INSERT INTO calendar_sync.appointments (staff_id, id, ends_at, customer_name) VALUES ('s1', 'a', '2026-11-24 10:00Z', 'X')", "starts_at")]
    [InlineData("INSERT INTO calendar_sync.blocked_slots (staff_id, id, starts_at, ends_at, start_date, end_date) VALUES ('s1', 'b', '2026-11-24 09:00Z', '2026-11-24 10:00Z', '2026-11-24', '2026-11-25')", "start_date")]
    [InlineData("INSERT INTO calendar_sync.blocked_slots (staff_id, id) VALUES ('s1', 'b')", "starts_at")]
    [InlineData("INSERT INTO calendar_sync.blocked_slots (staff_id, id, start_date, end_date) VALUES ('s1', 'b', '2026-11-25', '2026-11-24')", "end_date")]
    [InlineData("INSERT INTO calendar_sync.blocked_slots (staff_id, id, start_date, end_date) VALUES ('s1', 'g-mine', '2026-11-24', '2026-11-25')", "id")]
    [InlineData("INSERT INTO calendar_sync.availability_exceptions (staff_id, id, start_date, end_date, starts_at) VALUES ('s1', 'x', '2026-11-24', '2026-11-25', '2026-11-24 09:00Z')", "starts_at")]
    [InlineData("INSERT INTO calendar_sync.business_closures (id, start_date, end_date, name) VALUES ('c', '2026-12-25', '2026-12-25', 'Xmas')", "end_date")]
    [InlineData("INSERT INTO calendar_sync.appointments (staff_id, id, starts_at, ends_at, customer_name) VALUES ('s 1', 'a', '2026-11-24 09:00Z', '2026-11-24 10:00Z', 'X')", "staff_id")]
    public async Task Constraints_RowsThatCannotBeSynced_AreRefusedNamingTheColumn(string sql, string column)
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync(sql, Token));

        Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
        Assert.Contains(column, refused.ConstraintName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetChangesAsync_ARowBreakingAnItemRule_IsReportedAndSkippedAndTheOthersCome()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);
        await db.Store.SaveAsync(Appointment("before", 9), Token);
        await db.ExecuteAsync(
            "INSERT INTO calendar_sync.appointments (staff_id, id, starts_at, ends_at, customer_name) VALUES ('s1', 'long', $1, $2, $3)",
            Token, Nine, Nine.AddHours(1), new string('x', ItemRules.MaxShortText + 1));
        await db.Store.SaveAsync(Appointment("after", 11), Token);

        var page = await db.Store.GetChangesAsync("s1", null, 10, Token);

        Assert.Equal(["before", "after"], page.Items.Select(i => i.Id));
        var unreadable = Assert.Single(page.Unreadable);
        Assert.Equal("appointment:long", unreadable.Key);
        Assert.Contains("customerName", unreadable.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoveAppointmentAsync_AtTheReadVersion_MovesAndAfterABusinessEdit_ChangesNothing()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);
        var saved = await db.Store.SaveAsync(Appointment("a1", 9), Token);

        var moved = await db.Store.MoveAppointmentAsync("s1", "a1", Period.Timed(Nine.AddHours(5), Nine.AddHours(6)), saved.Version, Token);
        await db.ExecuteAsync("UPDATE calendar_sync.appointments SET starts_at = $1, ends_at = $2 WHERE id = 'a1'", Token, Nine.AddHours(1), Nine.AddHours(2));
        var stale = await db.Store.MoveAppointmentAsync("s1", "a1", Period.Timed(Nine.AddHours(7), Nine.AddHours(8)), moved!.Version, Token);

        Assert.Equal((2L, Nine.AddHours(5)), (moved.Version, moved.Period.Start));
        Assert.Null(stale);
        var now = await db.Store.GetItemAsync("s1", saved.Key, Token);
        Assert.Equal((3L, Nine.AddHours(1)), (now!.Version, now.Period.Start));
    }

    [Fact]
    public async Task GetItemsInRangeAsync_PagesInKeyOrder_WithClosuresAndAllDayItemsButNoGoogleBlocksOrOtherStaff()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);
        await db.Store.SaveAsync(Appointment("a2", 9), Token);
        await db.Store.SaveAsync(Appointment("a1", 10), Token);
        await db.Store.SaveAsync(Appointment("far", 9, day: 40), Token);
        await db.Store.SaveAsync(new BlockedSlot("b1", "s1", Period.AllDay(new DateOnly(2026, 11, 25), new DateOnly(2026, 11, 26)), BlockOrigin.Local), Token);
        await db.Store.SaveAsync(new AvailabilityException("x1", "s1", Period.Timed(Nine, Nine.AddDays(2))), Token);
        await db.Store.SaveAsync(new BusinessClosure("c1", new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 27), "Holiday"), Token);
        await db.Store.SaveAsync(Appointment("other", 9) with { }, Token);
        await db.ExecuteAsync(
            "INSERT INTO calendar_sync.appointments (staff_id, id, starts_at, ends_at, customer_name) VALUES ('s2', 'theirs', $1, $2, 'X')",
            Token, Nine, Nine.AddHours(1));
        await db.Store.WriteGoogleBlocksAsync("s1", [GoogleBlockWrite.Upsert("ev", Period.Timed(Nine, Nine.AddHours(1)), "Lunch", 1)], Token);

        var keys = new List<string>();
        string? continuation = null;
        do
        {
            var page = await db.Store.GetItemsInRangeAsync("s1", Nine.AddHours(-1), Nine.AddDays(3), continuation, 2, Token);
            keys.AddRange(page.Items.Select(i => i.Key.ToString()));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        Assert.Equal(["appointment:a1", "appointment:a2", "appointment:other", "block:b1", "closure:c1", "exception:x1"], keys);
        await Assert.ThrowsAsync<InvalidContinuationException>(() => db.Store.GetItemsInRangeAsync("s1", Nine, Nine.AddDays(1), "x' OR 1=1 --", 2, Token));
    }

    [Fact]
    public async Task ListBusyAsync_BookedAppointmentsBlocksOfBothOriginsExceptionsAndClosures_NotCancelledOrDeleted()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);
        await db.Store.SaveAsync(Appointment("booked", 9), Token);
        await db.Store.SaveAsync(Appointment("cancelled", 10) is var a ? new Appointment("cancelled", "s1", a.Period, "X", null, status: AppointmentStatus.Cancelled) : null!, Token);
        await db.Store.SaveAsync(Appointment("deleted", 11), Token);
        await db.Store.DeleteAsync("s1", new ItemKey(ItemKind.Appointment, "deleted"), Token);
        await db.Store.SaveAsync(new BlockedSlot("b1", "s1", Period.Timed(Nine, Nine.AddHours(1)), BlockOrigin.Local), Token);
        await db.Store.WriteGoogleBlocksAsync("s1", [GoogleBlockWrite.Upsert("ev", Period.Timed(Nine, Nine.AddHours(1)), "Lunch", 1)], Token);
        await db.Store.SaveAsync(new BusinessClosure("c1", new DateOnly(2026, 11, 24), new DateOnly(2026, 11, 25), "Holiday"), Token);

        var busy = await db.Store.ListBusyAsync("s1", Nine, Nine.AddHours(8), Token);

        Assert.Equal(["appointment:booked", "block:b1", "block:g-ev", "closure:c1"], busy.Select(i => i.Key.ToString()));
    }

    [Fact]
    public async Task ListBookedAsync_OnlyTheStaffMembersBookedAppointmentsInTheRange()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);
        await db.Store.SaveAsync(Appointment("booked", 9), Token);
        await db.Store.SaveAsync(Appointment("later", 9, day: 3), Token);
        await db.Store.SaveAsync(new Appointment("cancelled", "s1", Period.Timed(Nine, Nine.AddHours(1)), "X", null, status: AppointmentStatus.Cancelled), Token);
        await db.Store.SaveAsync(Appointment("deleted", 11), Token);
        await db.Store.DeleteAsync("s1", new ItemKey(ItemKind.Appointment, "deleted"), Token);
        await db.Store.SaveAsync(new Appointment("theirs", "s2", Period.Timed(Nine, Nine.AddHours(1)), "Y", null), Token);
        await db.Store.SaveAsync(new BlockedSlot("b1", "s1", Period.Timed(Nine, Nine.AddHours(1)), BlockOrigin.Local), Token);
        await db.Store.WriteGoogleBlocksAsync("s1", [GoogleBlockWrite.Upsert("ev", Period.Timed(Nine, Nine.AddHours(1)), "Lunch", 1)], Token);
        await db.Store.SaveAsync(new BusinessClosure("c1", new DateOnly(2026, 11, 24), new DateOnly(2026, 11, 25), "Holiday"), Token);

        var booked = await db.Store.ListBookedAsync("s1", Nine, Nine.AddHours(8), Token);

        Assert.Equal(["booked"], booked.Select(a => a.Id));
        await Assert.ThrowsAsync<DomainValidationException>(() => db.Store.ListBookedAsync("x' OR 1=1 --", Nine, Nine.AddHours(1), Token));
    }

    [Fact]
    public async Task GoogleBlockStatuses_StoredOnTheBlocksRow_ReadListedStampedAndGoneWithIt()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);
        await GoogleBlockStatusContract.StoredReadListedStampedAndGoneWithTheBlockAsync(
            db.Store, db.Store, hour => Period.Timed(Nine.AddHours(hour - 9), Nine.AddHours(hour - 8)), Token);
    }

    [Fact]
    public async Task ReadFeedHeadAsync_AfterAWatermarkExactlyWhenTheNextPageHasSomething()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);
        await FeedHeadContract.AfterAWatermarkExactlyWhenTheNextPageHasSomethingAsync(
            db.Store, db.Store, hour => Period.Timed(Nine.AddHours(hour - 9), Nine.AddHours(hour - 8)), Token);
    }

    [Fact]
    public async Task PurgeTombstonesAsync_OldDeletes_GoWithTheirChangeRows()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);
        await db.Store.SaveAsync(Appointment("a1", 9), Token);
        await db.Store.DeleteAsync("s1", new ItemKey(ItemKind.Appointment, "a1"), Token);
        await db.Store.SaveAsync(Appointment("a2", 9), Token);

        Assert.Equal(0, await db.Store.PurgeTombstonesAsync(DateTimeOffset.UtcNow.AddHours(-1), Token));
        Assert.Equal(1, await db.Store.PurgeTombstonesAsync(DateTimeOffset.UtcNow.AddMinutes(1), Token));

        Assert.Null(await db.Store.GetItemAsync("s1", new ItemKey(ItemKind.Appointment, "a1"), Token));
        Assert.Equal(["a2"], (await db.Store.GetChangesAsync("s1", null, 10, Token)).Items.Select(i => i.Id));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("x' OR staff_id <> '")]
    [InlineData("")]
    public async Task EveryRead_HostileStaffId_IsRefusedBeforeAnyQuery(string staffId)
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);

        await Assert.ThrowsAsync<DomainValidationException>(() => db.Store.GetChangesAsync(staffId, null, 10, Token));
        await Assert.ThrowsAsync<DomainValidationException>(() => db.Store.ListBusyAsync(staffId, Nine, Nine.AddHours(1), Token));
        await Assert.ThrowsAsync<DomainValidationException>(() => db.Store.WriteGoogleBlocksAsync(staffId, [GoogleBlockWrite.Delete("e")], Token));
    }

    private static Appointment Appointment(string id, int hour, int day = 0) =>
        new(id, "s1", Period.Timed(Nine.AddDays(day).AddHours(hour - 9), Nine.AddDays(day).AddHours(hour - 8)), "Jane Doe", "Cut");
}
