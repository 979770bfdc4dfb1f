using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;
using CalendarSync.Core.Tests.Sync;
using CalendarSync.PostgreSql.Data;
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
        var down = new NpgsqlConnectionStringBuilder(ScenarioDatabase.ConnectionString) { Port = FreePort(), Timeout = 2 };
        await using var dataSource = NpgsqlDataSource.Create(down.ConnectionString);
        var store = new PostgresAppointmentData(dataSource);
        var testbed = new SyncTestbed(world: (staff, now) => InMemorySyncWorld.WithAppointmentData(
            staff, now, false, store, new PostgresLocalEditor(store, staff.Id)));

        var failed = await Assert.ThrowsAsync<SyncException>(() => testbed.SyncAsync());

        Assert.True(new PostgresErrorClassifier().IsStorageError(failed.InnerException!), failed.InnerException!.GetType().Name);
        Assert.Empty(await testbed.LiveEventsAsync());
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
