using CalendarSync.Core.Data;

namespace CalendarSync.Core.Tests.Data;

/// <summary>
/// What every store's booking lock must do, run by each store's tests on the real thing: of many holders across two
/// instances of the lock (two app instances), one at a time per staff member, and staff members apart from each other.
/// </summary>
public static class BookingLockContract
{
    public static async Task OneHolderAtATimeAcrossInstancesAsync(IBookingLock first, IBookingLock second, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var staffId = "lock-" + Guid.NewGuid().ToString("N")[..8];
        var inside = 0;
        var most = 0;
        var entered = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            await using var held = await (i % 2 == 0 ? first : second).HoldAsync(staffId, cancellationToken);
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            Interlocked.Increment(ref entered);
            await Task.Delay(5, cancellationToken);
            Interlocked.Decrement(ref inside);
        }, cancellationToken)));

        Assert.Equal(16, entered);
        Assert.Equal(1, most);
    }

    public static async Task StaffMembersApartAsync(IBookingLock bookingLock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bookingLock);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await using var one = await bookingLock.HoldAsync("one-" + suffix, cancellationToken);

        var other = bookingLock.HoldAsync("two-" + suffix, cancellationToken);
        var done = await Task.WhenAny(other, Task.Delay(TimeSpan.FromSeconds(5), cancellationToken));

        Assert.Same(other, done);
        await (await other).DisposeAsync();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
