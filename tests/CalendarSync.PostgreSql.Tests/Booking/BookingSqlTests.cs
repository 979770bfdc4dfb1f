using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Testing;
using Npgsql;

namespace CalendarSync.PostgreSql.Tests.Booking;

/// <summary>The booking system's side as the README gives it: its SQL, read from the README, run against the server.</summary>
public sealed class BookingSqlTests(PostgresFixture postgres)
{
    private const string Zone = "Pacific/Auckland";
    private const string BusinessZone = "Europe/Berlin";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2026-11-24T09:30:00Z", "2026-11-24T10:30:00Z", false)] // the appointment
    [InlineData("2026-11-24T10:00:00Z", "2026-11-24T11:00:00Z", true)] // right after it
    [InlineData("2026-11-24T08:00:00Z", "2026-11-24T09:00:00Z", true)] // right before it
    [InlineData("2026-11-24T12:00:00Z", "2026-11-24T13:00:00Z", true)] // the cancelled one
    [InlineData("2026-11-24T14:30:00Z", "2026-11-24T14:45:00Z", false)] // a local timed block
    [InlineData("2026-11-25T10:59:00Z", "2026-11-25T11:30:00Z", false)] // Google all-day 26 Nov in Auckland (UTC+13) starts 25 Nov 11:00Z
    [InlineData("2026-11-25T10:00:00Z", "2026-11-25T10:59:00Z", true)]
    [InlineData("2026-11-27T10:59:00Z", "2026-11-27T11:00:00Z", false)] // ... and ends 27 Nov 11:00Z
    [InlineData("2026-11-27T11:00:00Z", "2026-11-27T12:00:00Z", true)]
    [InlineData("2026-11-28T01:00:00Z", "2026-11-28T02:00:00Z", false)] // an exception
    [InlineData("2026-12-24T22:59:00Z", "2026-12-24T23:30:00Z", false)] // closed 25 Dec in Berlin (UTC+1) from 24 Dec 23:00Z
    [InlineData("2026-12-24T22:00:00Z", "2026-12-24T22:59:00Z", true)]
    public async Task IsFreeQuery_EveryKindOfItem_AllDayInTheStaffMembersZone(string from, string to, bool free)
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);
        var at = DateTimeOffset.Parse("2026-11-24T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        await db.Store.SaveAsync(new Appointment("a1", "s1", Period.Timed(at, at.AddHours(1)), "Jane", null), Token);
        await db.Store.SaveAsync(new Appointment("a2", "s1", Period.Timed(at.AddHours(3), at.AddHours(4)), "Joe", null, status: AppointmentStatus.Cancelled), Token);
        await db.Store.SaveAsync(new Appointment("a3", "s2", Period.Timed(at.AddHours(-1), at.AddHours(9)), "Someone else's", null), Token);
        await db.Store.SaveAsync(new BlockedSlot("b1", "s1", Period.Timed(at.AddHours(5), at.AddHours(6)), BlockOrigin.Local), Token);
        await db.Store.WriteGoogleBlocksAsync("s1", [GoogleBlockWrite.Upsert("ev", Period.AllDay(new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 28)), "Off", 1)], Token);
        await db.Store.SaveAsync(new AvailabilityException("x1", "s1", Period.Timed(at.AddDays(4).AddHours(-9), at.AddDays(4).AddHours(-7))), Token);
        await db.Store.SaveAsync(new BusinessClosure("c1", new DateOnly(2026, 12, 25), new DateOnly(2026, 12, 26), "Christmas"), Token);

        await using var command = db.DataSource.CreateCommand(ReadmeSql("-- is-free"));
        foreach (var value in new object[] { "s1", Instant(from), Instant(to), Zone, BusinessZone })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        Assert.Equal(free, (bool)(await command.ExecuteScalarAsync(Token))!);
    }

    [Fact]
    public async Task BookingPattern_ManyConcurrentBookingsOfOverlappingSlots_OnlyOnePerStaffMemberCommits()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);
        var book = ReadmeSql("-- book").Split('\n');
        var lockSql = book.Single(line => line.StartsWith("SELECT pg_advisory_xact_lock", StringComparison.Ordinal));
        var insertSql = book.Single(line => line.StartsWith("INSERT INTO", StringComparison.Ordinal));
        var isFreeSql = ReadmeSql("-- is-free");
        var nine = Instant("2026-12-01T09:00:00Z");

        // Every slot of one staff member overlaps every other (starts two minutes apart, an hour long).
        var attempts = Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            var staffId = i % 2 == 0 ? "s1" : "s2";
            var start = nine.AddMinutes(2 * (i / 2));
            await using var connection = await db.DataSource.OpenConnectionAsync(Token);
            await using var transaction = await connection.BeginTransactionAsync(Token);
            await Execute(connection, transaction, lockSql, staffId, start, start.AddHours(1), Zone, BusinessZone);
            var free = (bool)(await Scalar(connection, transaction, isFreeSql, staffId, start, start.AddHours(1), Zone, BusinessZone))!;
            if (!free)
            {
                await transaction.RollbackAsync(Token);
                return false;
            }

            await Execute(connection, transaction, insertSql, staffId, start, start.AddHours(1), Zone, BusinessZone, $"a{i}", "Customer");
            await transaction.CommitAsync(Token);
            return true;
        }, Token)).ToList();

        var booked = await Task.WhenAll(attempts);

        Assert.Equal(2, booked.Count(b => b));
        var s1 = await db.Store.ListBusyAsync("s1", nine, nine.AddDays(1), Token);
        var s2 = await db.Store.ListBusyAsync("s2", nine, nine.AddDays(1), Token);
        Assert.Single(s1);
        Assert.Single(s2);
    }

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The README's SQL block that starts with <paramref name="marker"/>.</summary>
    private static string ReadmeSql(string marker)
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var start = readme.IndexOf("```sql\n" + marker + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no SQL block starting with {marker}.");
        start += "```sql\n".Length + marker.Length + 1;
        return readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params object[] values) =>
        await Command(connection, transaction, sql, values).ExecuteNonQueryAsync(Token);

    private static async Task<object?> Scalar(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params object[] values) =>
        await Command(connection, transaction, sql, values).ExecuteScalarAsync(Token);

    /// <summary>The README numbers its parameters the same way in every statement; a statement takes the ones it names.</summary>
    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, object[] values)
    {
        var used = Enumerable.Range(1, values.Length).Where(n => sql.Contains($"${n}", StringComparison.Ordinal)).Max();
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values.Take(used))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
