using CalendarSync.Cli.StandIns;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;
using CalendarSync.Core.Tests.Scenarios;
using CalendarSync.Core.Tests.Sync;
using CalendarSync.PostgreSql.Data;
using CalendarSync.PostgreSql.Schema;
using CalendarSync.PostgreSql.Tests.Scenarios;
using CalendarSync.Testing;
using Npgsql;

namespace CalendarSync.PostgreSql.Tests.Sync;

/// <summary>Whole runs of the sync on the PostgreSQL store: rows written with SQL, rows it cannot read, a database that is not there.</summary>
public sealed class PostgresSyncRunTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_ARowBreakingAnItemRule_IsSkippedAndNamedInTheLogAndTheOthersReachGoogle()
    {
        var testbed = new SyncTestbed(world: (staff, now) => ScenarioDatabase.NewWorld(postgres, staff, now));
        await testbed.AppointmentAsync("good", testbed.At(10, 22, 10));
        await using (var db = NpgsqlDataSource.Create(ScenarioDatabase.ConnectionString))
        await using (var insert = db.CreateCommand(
            "INSERT INTO calendar_sync.appointments (staff_id, id, starts_at, ends_at, customer_name) VALUES ('s1', 'too-long', $1, $2, $3)"))
        {
            insert.Parameters.Add(new() { Value = testbed.At(10, 22, 12) });
            insert.Parameters.Add(new() { Value = testbed.At(10, 22, 13) });
            insert.Parameters.Add(new() { Value = new string('x', ItemRules.MaxShortText + 1) });
            await insert.ExecuteNonQueryAsync(Token);
        }

        var result = await testbed.SyncAsync();

        Assert.Equal(SyncOutcome.Succeeded, result.Outcome);
        Assert.Equal(1, result.Created);
        Assert.Equal(1, result.Skipped[SkipReason.Unreadable]);
        Assert.Contains("appointment:too-long", result.Message, StringComparison.Ordinal);
        Assert.NotNull(await testbed.EventOfAsync(new ItemKey(ItemKind.Appointment, "good")));
    }

    [Fact]
    public async Task Run_DatabaseUnreachable_FailsWithAStorageErrorAndWritesNothing()
    {
        // A port nothing listens on: the database is down or restarting.
        var down = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = FreePort(), Username = "postgres", Database = "bookings", Timeout = 2 };
        await using var dataSource = NpgsqlDataSource.Create(down.ConnectionString);
        var store = new PostgresAppointmentData(dataSource);
        var testbed = new SyncTestbed(world: (staff, now) => InMemorySyncWorld.WithAppointmentData(
            staff, now, false, store, new StoreLocalEditor<PostgresAppointmentData>(store, staff.Id)));

        var failed = await Assert.ThrowsAsync<SyncException>(() => testbed.SyncAsync());

        Assert.True(new PostgresErrorClassifier().IsStorageError(failed.InnerException!), failed.InnerException!.GetType().Name);
        Assert.Empty(await testbed.LiveEventsAsync());
    }

    [Fact]
    public async Task Run_DatabaseRestartsWhileItRuns_FailsAsAStorageErrorAndTheRetriesLoseAndDuplicateNothing()
    {
        // A server of its own, since this one is killed; one whose commits survive that.
        await using var server = await PostgresProcess.StartAsync(RepositoryRoot.Path, crashSafe: true, cancellationToken: Token);
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionStringFor("postgres"));
        await new SchemaMigrator(dataSource).MigrateAsync(Token);
        var store = new PostgresAppointmentData(dataSource);
        var testbed = new SyncTestbed(
            options => options.PageSize = 4,
            world: (staff, now) => InMemorySyncWorld.WithAppointmentData(staff, now, false, store, new StoreLocalEditor<PostgresAppointmentData>(store, staff.Id)));
        for (var i = 0; i < 10; i++)
        {
            await testbed.AppointmentAsync($"a{i}", testbed.At(10, 21 + i / 5, 9 + i % 5));
        }

        await testbed.StaffAddsAsync(testbed.At(10, 23, 12));

        // The server dies (and comes back) right after the run's first Google listing, before it reads the change feed.
        var restarting = new NotifyingCalendar(testbed.World.Calendar) { AfterNextList = () => server.RestartAsync(Token) };
        var failed = await Assert.ThrowsAsync<SyncException>(() => testbed.SyncAsync(restarting));
        Assert.True(new PostgresErrorClassifier().IsStorageError(failed.InnerException!), failed.InnerException!.GetType().Name);

        // The queue retries; a pooled connection the restart broke may fail one more attempt.
        SyncRunResult? done = null;
        var retries = new List<string>();
        for (var attempt = 0; attempt < 4 && done is null; attempt++)
        {
            try
            {
                done = await testbed.SyncAsync();
            }
            catch (SyncException retry) when (retry.InnerException is NpgsqlException)
            {
                retries.Add(retry.InnerException.Message);
            }
        }

        Assert.True(done is not null, string.Join(" | ", retries));
        var events = await testbed.LiveEventsAsync();
        Assert.Equal(11, events.Count);
        Assert.Equal(11, events.Select(e => e.Id).Distinct().Count());
        Assert.Single(await testbed.GoogleBlocksAsync());
        Assert.Equal(0, (await testbed.SyncAsync()).Writes);
    }

    [Fact]
    public async Task Run_AcceptGoogleTimeChanges_TheBusinessEditsTheRowJustBeforeTheSyncMovesIt_TheBusinessEditWinsAndReachesGoogle()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);
        var racing = new BusinessEditsBeforeTheMove(db.Store);
        var testbed = new SyncTestbed(
            options => options.ConflictPolicy = ConflictPolicy.AcceptGoogleTimeChanges,
            world: (staff, now) => InMemorySyncWorld.WithAppointmentData(staff, now, false, racing, new StoreLocalEditor<PostgresAppointmentData>(db.Store, staff.Id)));
        var key = new ItemKey(ItemKind.Appointment, "a1");
        await testbed.AppointmentAsync("a1", testbed.At(11, 2, 10));
        await testbed.SyncAsync();

        // The staff member drags the event to 12:00 in Google; as the sync moves the row to match, the business's own
        // application has just moved it to 15:00 and renamed the customer, and committed.
        await testbed.StaffChangesAsync(EventIds.For(key), SyncTestbed.MovedBy(TimeSpan.FromHours(2), testbed.Staff.TimeZone));
        racing.BeforeNextMove = () => db.ExecuteAsync(
            "UPDATE calendar_sync.appointments SET starts_at = $1, ends_at = $2, customer_name = 'Eve Business' WHERE staff_id = 's1' AND id = 'a1'",
            Token, testbed.At(11, 2, 15).UtcDateTime, testbed.At(11, 2, 16).UtcDateTime);
        await testbed.SyncAsync();
        var settled = await testbed.SyncAsync();

        Assert.Null(racing.BeforeNextMove);
        var appointment = (Appointment)(await db.Store.GetItemAsync("s1", key, Token))!;
        Assert.Equal((testbed.At(11, 2, 15), "Eve Business"), (appointment.Period.Start, appointment.CustomerName));
        var shown = (await testbed.EventOfAsync(key))!;
        Assert.Equal((testbed.At(11, 2, 15), testbed.At(11, 2, 16)), (shown.Start!.DateTime, shown.End!.DateTime));
        Assert.Single(await testbed.LiveEventsAsync());
        Assert.True(settled.Updated <= 1, $"{settled.Updated} updates");
        Assert.Equal(0, (await testbed.SyncAsync()).Writes);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The PostgreSQL store, with the business's own transaction committing just before the sync's next move.</summary>
    private sealed class BusinessEditsBeforeTheMove(IAppointmentData inner) : IAppointmentData
    {
        public Func<Task>? BeforeNextMove { get; set; }

        public Task<LocalChangePage> GetChangesAsync(string staffId, string? watermark, int pageSize, CancellationToken cancellationToken) =>
            inner.GetChangesAsync(staffId, watermark, pageSize, cancellationToken);

        public Task<LocalFeedHead> ReadFeedHeadAsync(string staffId, bool sharedFeedMayLag, CancellationToken cancellationToken) =>
            inner.ReadFeedHeadAsync(staffId, sharedFeedMayLag, cancellationToken);

        public Task<LocalItemPage> GetItemsInRangeAsync(
            string staffId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, string? continuation, int pageSize, CancellationToken cancellationToken) =>
            inner.GetItemsInRangeAsync(staffId, rangeStart, rangeEnd, continuation, pageSize, cancellationToken);

        public Task<LocalItem?> GetItemAsync(string staffId, ItemKey key, CancellationToken cancellationToken) =>
            inner.GetItemAsync(staffId, key, cancellationToken);

        public Task<LocalItemPage> ListGoogleBlocksAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken) =>
            inner.ListGoogleBlocksAsync(staffId, continuation, pageSize, cancellationToken);

        public Task WriteGoogleBlocksAsync(string staffId, IReadOnlyList<GoogleBlockWrite> writes, CancellationToken cancellationToken) =>
            inner.WriteGoogleBlocksAsync(staffId, writes, cancellationToken);

        public Task<IReadOnlyDictionary<ItemKey, ItemSyncStatus>> GetGoogleBlockStatusesAsync(
            string staffId, IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken) =>
            inner.GetGoogleBlockStatusesAsync(staffId, keys, cancellationToken);

        public Task<ItemStatusPage> ListGoogleBlockStatusesAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken) =>
            inner.ListGoogleBlockStatusesAsync(staffId, continuation, pageSize, cancellationToken);

        public Task StampGoogleBlocksAsync(string staffId, long epoch, IReadOnlyList<string> googleEventIds, CancellationToken cancellationToken) =>
            inner.StampGoogleBlocksAsync(staffId, epoch, googleEventIds, cancellationToken);

        public async Task<Appointment?> MoveAppointmentAsync(
            string staffId, string appointmentId, Period period, long expectedVersion, CancellationToken cancellationToken)
        {
            if (BeforeNextMove is { } edit)
            {
                BeforeNextMove = null;
                await edit();
            }

            return await inner.MoveAppointmentAsync(staffId, appointmentId, period, expectedVersion, cancellationToken);
        }
    }
}
