using CalendarSync.Core.Data;
using CalendarSync.Core.Tests.Data;
using CalendarSync.PostgreSql.Data;
using CalendarSync.Testing;
using Npgsql;

namespace CalendarSync.PostgreSql.Tests.Data;

public sealed class PostgresBookingLockTests(PostgresFixture postgres)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HoldAsync_ManyAtOnceOnTwoInstances_OneHolderAtATime()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Cancel);
        await using var otherInstance = NpgsqlDataSource.Create(db.ConnectionString);

        await BookingLockContract.OneHolderAtATimeAcrossInstancesAsync(
            new PostgresBookingLock(db.DataSource), new PostgresBookingLock(otherInstance), Cancel);
    }

    [Fact]
    public async Task HoldAsync_AnotherStaffMember_IsNotHeldUp()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Cancel);

        await BookingLockContract.StaffMembersApartAsync(new PostgresBookingLock(db.DataSource), Cancel);
    }

    [Fact]
    public async Task HoldAsync_AHolderWhoseConnectionDied_LetsTheNextOneIn()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Cancel);
        var bookingLock = new PostgresBookingLock(db.DataSource);
        await using var held = await bookingLock.HoldAsync("s-1", Cancel);

        // The server ends the holder's session, as it does for a crashed app instance's connection.
        await db.ExecuteAsync(
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid()", Cancel);
        var next = bookingLock.HoldAsync("s-1", Cancel);

        Assert.Same(next, await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(10), Cancel)));
        await (await next).DisposeAsync();
    }
}
