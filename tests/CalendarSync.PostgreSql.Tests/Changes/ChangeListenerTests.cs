using System.Diagnostics;
using System.Threading.Channels;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.PostgreSql.Changes;
using CalendarSync.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CalendarSync.PostgreSql.Tests.Changes;

/// <summary>Seconds, not minutes: a change the business commits with SQL reaches the listener, which would queue that staff member's sync.</summary>
public sealed class ChangeListenerTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Nine = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Listener_CommittedSqlChanges_HandsOverTheirStaffIdsWithinSecondsButNotTheSyncsOwnWrites()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);
        var heard = Channel.CreateUnbounded<IReadOnlyCollection<string>>();
        using var listener = new ChangeListener(
            db.DataSource, async (staffIds, ct) => await heard.Writer.WriteAsync(staffIds, ct), NullLogger<ChangeListener>.Instance);
        await listener.StartAsync(Token);
        await WaitUntilListeningAsync(db);

        await db.Store.WriteGoogleBlocksAsync("s1", [GoogleBlockWrite.Upsert("ev", Period.Timed(Nine, Nine.AddHours(1)), "Lunch", 1)], Token);
        var watch = Stopwatch.StartNew();
        await db.ExecuteAsync(
            "INSERT INTO calendar_sync.appointments (staff_id, id, starts_at, ends_at, customer_name) VALUES ('s2', 'a1', $1, $2, 'Jane Doe')",
            Token, Nine, Nine.AddHours(1));
        await db.ExecuteAsync(
            "INSERT INTO calendar_sync.business_closures (id, start_date, end_date, name) VALUES ('c1', '2026-12-24', '2026-12-27', 'Christmas')", Token);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var staffIds = new HashSet<string>();
        while (staffIds.Count < 2)
        {
            staffIds.UnionWith(await heard.Reader.ReadAsync(timeout.Token));
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"Heard after {watch.Elapsed}.");
        Assert.Equal(["", "s2"], staffIds.Order(StringComparer.Ordinal));
        await listener.StopAsync(Token);
    }

    private static async Task WaitUntilListeningAsync(TestDatabase db)
    {
        // The listener's LISTEN is on its own connection: wait until the server lists it as listening.
        for (var i = 0; i < 100; i++)
        {
            await using var command = db.DataSource.CreateCommand(
                $"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN {ChangeListener.Channel}'");
            if ((long)(await command.ExecuteScalarAsync(Token))! > 0)
            {
                return;
            }

            await Task.Delay(50, Token);
        }

        throw new TimeoutException("The listener did not start listening.");
    }
}
