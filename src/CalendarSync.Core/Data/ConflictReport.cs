using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Data;

/// <summary>
/// The double bookings already made: booked appointments that overlap Google-origin blocks, from now to the sync window's
/// far edge. Read from the stored data each time, so a conflict goes from the report as soon as either side moves (the
/// block moves with its event at the next sync).
/// </summary>
public sealed class ConflictReport(IAppointmentStore store, IConnectionStore connections, StaffSyncOptions options, TimeProvider time)
{
    private readonly TimeZoneInfo _businessZone = StaffTimeZone.Find(options.BusinessTimeZone);

    /// <summary>A staff member's conflicts, earliest first.</summary>
    public async Task<IReadOnlyList<BookingConflict>> ListAsync(string staffId, CancellationToken cancellationToken)
    {
        ItemId.Validate(staffId, "staff");
        return await ListAsync(staffId, await connections.GetAsync(staffId, cancellationToken), cancellationToken);
    }

    /// <summary>The conflicts of the staff member of <paramref name="connection"/>, as read already (a run's).</summary>
    public Task<IReadOnlyList<BookingConflict>> ListAsync(ConnectionRecord connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return ListAsync(connection.StaffId, connection, cancellationToken);
    }

    private async Task<IReadOnlyList<BookingConflict>> ListAsync(string staffId, ConnectionRecord? connection, CancellationToken cancellationToken)
    {
        var zone = connection is not null && TimeZoneInfo.TryFindSystemTimeZoneById(connection.TimeZoneId, out var own) ? own : _businessZone;
        var now = time.GetUtcNow();
        var windowEnd = now.AddDays(options.WindowFutureDays);

        // The appointments first, a few rows: a block far from every one of them cannot double-book, so the blocks (a
        // staff member's imported calendar may hold thousands) are read only across the appointments' span, and not at
        // all for a staff member with none booked.
        var booked = (await store.ListBookedAsync(staffId, now, windowEnd, cancellationToken))
            .Select(a => a.Period.ToInstants(zone))
            .Where(t => t.End > now && t.Start < windowEnd)
            .ToList();
        if (booked.Count == 0)
        {
            return [];
        }

        var first = booked.Min(t => t.Start);
        var last = booked.Max(t => t.End);
        var items = await store.ListBusyAsync(staffId, first > now ? first : now, last < windowEnd ? last : windowEnd, cancellationToken);

        var blocks = items
            .OfType<BlockedSlot>()
            .Where(b => !b.IsDeleted && b.Origin == BlockOrigin.Google && b.GoogleEventId is not null)
            .Select(b => (Block: b, Time: b.Period.ToInstants(zone)))
            .ToList();
        var conflicts = new List<BookingConflict>();
        foreach (var appointment in items.OfType<Appointment>().Where(a => !a.IsDeleted && a.Status == AppointmentStatus.Booked))
        {
            var (start, end) = appointment.Period.ToInstants(zone);
            foreach (var (block, (from, to)) in blocks.Where(b => b.Time.Start < end && b.Time.End > start && b.Time.End > now))
            {
                conflicts.Add(new BookingConflict(
                    staffId, appointment.Id, block.GoogleEventId!, from > start ? from : start, to < end ? to : end,
                    EventCameLast: block.LastModified > appointment.LastModified));
            }
        }

        return conflicts.OrderBy(c => c.Start).ThenBy(c => c.AppointmentId, StringComparer.Ordinal).ToList();
    }
}
