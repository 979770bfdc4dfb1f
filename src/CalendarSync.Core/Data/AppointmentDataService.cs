using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Data;

/// <summary>
/// The data API's commands and the busy query: writes go to the appointment store (and, when asked, queue an
/// immediate sync); the busy query merges every item that makes a staff member unbookable.
/// </summary>
public sealed class AppointmentDataService(
    IAppointmentStore store, IConnectionStore connections, SyncScheduler scheduler, StaffSyncOptions options,
    AvailabilityCheck availability, IBookingLock bookingLock)
{
    /// <summary>The longest range the busy query answers: a booking page shows a month or a quarter, never more.</summary>
    public static readonly TimeSpan MaxBusyRange = TimeSpan.FromDays(93);

    private readonly TimeZoneInfo _businessZone = StaffTimeZone.Find(options.BusinessTimeZone);

    /// <summary>
    /// Stores an appointment, local block or exception of one staff member, or a business closure; <paramref name="syncNow"/>
    /// queues the staff member's sync (for a closure, everyone's).
    /// </summary>
    public Task<DataWrite> SaveAsync(LocalItem draft, bool syncNow, CancellationToken cancellationToken) =>
        SaveAsync(draft, syncNow, BookingGuard.None, cancellationToken);

    /// <summary>
    /// As <see cref="SaveAsync(LocalItem, bool, CancellationToken)"/>; a booked appointment under a <paramref name="guard"/> is
    /// stored only if its slot is free (else <see cref="BookingConflictException"/>), checked and stored while holding the
    /// staff member's booking lock, so that of overlapping guarded bookings only the first is stored.
    /// </summary>
    public async Task<DataWrite> SaveAsync(LocalItem draft, bool syncNow, BookingGuard guard, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        RefuseSyncOwned(draft.Key);
        if (draft.StaffId is not { } staffId)
        {
            // Only a closure belongs to no one staff member.
            return await SaveClosureAsync((BusinessClosure)draft, syncNow, cancellationToken);
        }

        var stored = guard != BookingGuard.None && draft is Appointment { Status: AppointmentStatus.Booked } booking
            ? await SaveGuardedAsync(booking, guard, cancellationToken)
            : await store.SaveAsync(draft, cancellationToken);

        // Items may be stored before their staff member connects (they sync once connected), but a write for a staff
        // member nobody connected is as likely a typo: it is kept, and the answer says that nothing will sync.
        var connection = await connections.GetAsync(staffId, cancellationToken);
        var queued = syncNow && await scheduler.QueueAsync(connection, SyncReason.Manual, cancellationToken) ? 1 : 0;
        return new DataWrite(stored, queued, NotSyncingWarning(staffId, connection));
    }

    private static string? NotSyncingWarning(string staffId, ConnectionRecord? connection) => connection switch
    {
        null => $"Staff member '{staffId}' has no calendar connection: the item is stored, and nothing reaches Google until they connect their calendar. Check the staff id if they have.",
        { IsEnabled: false } => $"Staff member '{staffId}' is disconnected or must reconnect their calendar (status {connection.Connection.Status}): the item is stored, and reaches Google once they reconnect.",
        _ => null,
    };

    /// <summary>Whether a staff member is free in a slot, by the stored data and (unless <paramref name="mode"/> is local) Google now.</summary>
    public Task<Availability> CheckAvailabilityAsync(
        string staffId, DateTimeOffset start, DateTimeOffset end, BookingGuard mode, CancellationToken cancellationToken) =>
        availability.CheckAsync(staffId, start, end, mode, ignore: null, cancellationToken);

    private async Task<LocalItem> SaveGuardedAsync(Appointment booking, BookingGuard guard, CancellationToken cancellationToken)
    {
        // The write happens before the lock goes: the next booking's check reads it.
        await using var held = await bookingLock.HoldAsync(booking.StaffId, cancellationToken);
        var answer = await availability.CheckAsync(booking.StaffId, booking.Period.Start, booking.Period.End, guard, booking.Key, cancellationToken);
        return answer.IsFree ? await store.SaveAsync(booking, cancellationToken) : throw new BookingConflictException(answer);
    }

    /// <summary>Stores a business closure; <paramref name="syncNow"/> queues a sync of every enabled connection.</summary>
    public async Task<DataWrite> SaveClosureAsync(BusinessClosure closure, bool syncNow, CancellationToken cancellationToken)
    {
        var stored = await store.SaveAsync(closure, cancellationToken);
        return new DataWrite(stored, syncNow ? await QueueEveryoneAsync(cancellationToken) : 0);
    }

    /// <summary>A staff member's live blocks, local and Google-origin, one page at a time.</summary>
    public Task<LocalItemPage> ListBlocksAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken) =>
        store.ListBlocksAsync(ItemId.Validate(staffId, "staff"), continuation, pageSize, cancellationToken);

    /// <summary>Deletes a staff member's item; null if there was none (nothing is queued then).</summary>
    public async Task<DataWrite?> DeleteAsync(string staffId, ItemKey key, bool syncNow, CancellationToken cancellationToken)
    {
        ItemId.Validate(staffId, "staff");
        RefuseSyncOwned(key);
        if (key.Kind == ItemKind.Closure)
        {
            throw new DomainValidationException("id", "A closure is deleted through the closures route.");
        }

        if (!await store.DeleteAsync(staffId, key, cancellationToken))
        {
            return null;
        }

        return new DataWrite(null, syncNow && await scheduler.QueueAsync(staffId, SyncReason.Manual, cancellationToken) ? 1 : 0);
    }

    /// <summary>Deletes a business closure; null if there was none.</summary>
    public async Task<DataWrite?> DeleteClosureAsync(string closureId, bool syncNow, CancellationToken cancellationToken)
    {
        ItemId.Validate(closureId, "closure");
        if (!await store.DeleteClosureAsync(closureId, cancellationToken))
        {
            return null;
        }

        return new DataWrite(null, syncNow ? await QueueEveryoneAsync(cancellationToken) : 0);
    }

    /// <summary>
    /// The merged busy periods of a staff member in [<paramref name="from"/>, <paramref name="to"/>): booked appointments,
    /// blocks of both origins, exceptions and closures, clipped to the range. All-day items run from local midnight to
    /// local midnight, in <paramref name="timeZoneId"/>, else the staff member's calendar zone, else the business zone;
    /// closures always in the business zone, as the sync writes them.
    /// </summary>
    public async Task<BusyTimes> GetBusyAsync(
        string staffId, DateTimeOffset from, DateTimeOffset to, string? timeZoneId, CancellationToken cancellationToken)
    {
        ItemId.Validate(staffId, "staff");
        if (to <= from)
        {
            throw new DomainValidationException("to", $"The busy range must end after it starts ({from:O} to {to:O}).");
        }

        if (to - from > MaxBusyRange)
        {
            throw new DomainValidationException("to", $"The busy range may span at most {MaxBusyRange.TotalDays} days.");
        }

        var zone = timeZoneId is not null
            ? StaffTimeZone.Find(timeZoneId)
            : await StaffZoneAsync(staffId, cancellationToken);

        var items = await store.ListBusyAsync(staffId, from, to, cancellationToken);
        var periods = items
            .Where(item => !item.IsDeleted && item is not Appointment { Status: not AppointmentStatus.Booked })
            .Select(item => item.Period.ToInstants(item is BusinessClosure ? _businessZone : zone))
            .Where(p => p.Start < to && p.End > from)
            .Select(p => new BusyPeriod(p.Start < from ? from : p.Start, p.End > to ? to : p.End))
            .OrderBy(p => p.Start)
            .ToList();

        return new BusyTimes(staffId, from.ToUniversalTime(), to.ToUniversalTime(), zone.Id, Merge(periods));
    }

    /// <summary>Merges sorted periods that overlap or touch, so the booking page gets each busy stretch once.</summary>
    public static IReadOnlyList<BusyPeriod> Merge(IEnumerable<BusyPeriod> sortedByStart)
    {
        ArgumentNullException.ThrowIfNull(sortedByStart);
        var merged = new List<BusyPeriod>();
        foreach (var period in sortedByStart)
        {
            if (merged.Count > 0 && period.Start <= merged[^1].End)
            {
                var last = merged[^1];
                merged[^1] = last with { End = period.End > last.End ? period.End : last.End };
            }
            else
            {
                merged.Add(period);
            }
        }

        return merged;
    }

    private async Task<TimeZoneInfo> StaffZoneAsync(string staffId, CancellationToken cancellationToken)
    {
        var connection = await connections.GetAsync(staffId, cancellationToken);
        return connection is not null && TimeZoneInfo.TryFindSystemTimeZoneById(connection.TimeZoneId, out var zone)
            ? zone
            : _businessZone;
    }

    // A closure reaches every calendar, so every connection the sweep would sync gets a request; disabled and
    // reauth-required connections cannot be synced and pick the closure up when they come back.
    private Task<int> QueueEveryoneAsync(CancellationToken cancellationToken) => scheduler.QueueAllAsync(SyncReason.Manual, cancellationToken);

    // The one guard for every store: Google-origin blocks mirror a staff member's events, and only the sync writes them.
    private static void RefuseSyncOwned(ItemKey key)
    {
        if (BlockedSlot.IsGoogleOrigin(key))
        {
            throw new DomainValidationException("id", $"{key} is a Google-origin block: only the sync writes it, and it goes when its event goes.");
        }
    }
}
