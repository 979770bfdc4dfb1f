namespace CalendarSync.Core.Data;

/// <summary>
/// Serializes the guarded bookings of one staff member across every instance of the app: the check and the write of one
/// booking happen while it holds the staff member's lock, so of two overlapping bookings the second sees the first.
/// Each store has its own (a guard row taken by ETag on Table Storage, an advisory lock in PostgreSQL).
/// </summary>
public interface IBookingLock
{
    /// <summary>
    /// Waits for the staff member's lock and holds it until the answer is disposed. A lock not got within
    /// <see cref="MaxWait"/> throws <see cref="AvailabilityUnknownException"/>.
    /// </summary>
    Task<IAsyncDisposable> HoldAsync(string staffId, CancellationToken cancellationToken);

    /// <summary>How long a booking waits for the ones before it: a few seconds each, at worst.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);
}
