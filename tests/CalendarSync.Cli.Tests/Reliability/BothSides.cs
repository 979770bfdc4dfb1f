using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;

namespace CalendarSync.Cli.Tests.Reliability;

/// <summary>
/// What happens between sweeps: the appointment system books, moves and cancels (through <see cref="AppointmentDataService"/>,
/// as the data API does), and the staff member adds, moves and deletes their own events in Google. Every change goes
/// into the staff member's ledger, and is counted for the report.
/// </summary>
internal sealed class BothSides(AppointmentDataService data, Random random)
{
    private readonly DateTimeOffset _today = new(DateTimeOffset.UtcNow.Date, TimeSpan.Zero);
    private int _next;
    private int _localWrites;
    private int _googleWrites;

    public int LocalWrites => Volatile.Read(ref _localWrites);

    public int GoogleWrites => Volatile.Read(ref _googleWrites);

    /// <summary>A first day: three appointments, a blocked slot, two private events and a daily series of three.</summary>
    public async Task SeedAsync(StaffCalendar staff, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 3; i++)
        {
            await PutAppointmentAsync(staff, NextId("a"), cancellationToken);
        }

        await SaveAsync(staff, new BlockedSlot(NextId("b"), staff.StaffId, Slot(), BlockOrigin.Local, "Training"), cancellationToken);
        await staff.AddEventAsync(Slot(), cancellationToken);
        await staff.AddEventAsync(Slot(), cancellationToken);
        await staff.AddSeriesAsync(Slot(), 3, cancellationToken);
        Interlocked.Add(ref _googleWrites, 3);
    }

    /// <summary>One cycle's changes on both sides: a booking, a move and a cancellation; an event added, moved and deleted; now and then the series moved.</summary>
    public async Task ChangeAsync(StaffCalendar staff, CancellationToken cancellationToken)
    {
        await PutAppointmentAsync(staff, NextId("a"), cancellationToken);
        var appointments = staff.Local.Values.OfType<Appointment>().Select(a => a.Id).Order(StringComparer.Ordinal).ToList();
        await PutAppointmentAsync(staff, Pick(appointments), cancellationToken);
        if (appointments.Count > 3)
        {
            var cancelled = new ItemKey(ItemKind.Appointment, Pick(appointments));
            await data.DeleteAsync(staff.StaffId, cancelled, syncNow: false, cancellationToken);
            staff.Local.Remove(cancelled);
            Interlocked.Increment(ref _localWrites);
        }

        await staff.AddEventAsync(Slot(), cancellationToken);
        var events = staff.Foreign.Keys.Order(StringComparer.Ordinal).ToList();
        await staff.MoveEventAsync(Pick(events), Slot(), cancellationToken);
        Interlocked.Add(ref _googleWrites, 2);
        if (events.Count > 2)
        {
            await staff.DeleteEventAsync(Pick(events), cancellationToken);
            Interlocked.Increment(ref _googleWrites);
        }

        if (staff.Series is not null && Next(3) == 0)
        {
            await staff.MoveSeriesAsync(Slot(), cancellationToken);
            Interlocked.Increment(ref _googleWrites);
        }
    }

    private async Task PutAppointmentAsync(StaffCalendar staff, string id, CancellationToken cancellationToken) =>
        await SaveAsync(staff, new Appointment(id, staff.StaffId, Slot(), $"Customer {id}", "Haircut"), cancellationToken);

    private async Task SaveAsync(StaffCalendar staff, LocalItem draft, CancellationToken cancellationToken)
    {
        var write = await data.SaveAsync(draft, syncNow: false, cancellationToken);
        var stored = write.Item ?? throw new InvalidOperationException($"{draft.Key} was not stored.");
        staff.Local[stored.Key] = stored;
        Interlocked.Increment(ref _localWrites);
    }

    private string NextId(string prefix) => $"{prefix}-{Interlocked.Increment(ref _next)}";

    // Staff members change in parallel; one Random serves them all.
    private int Next(int max)
    {
        lock (random)
        {
            return random.Next(max);
        }
    }

    private string Pick(List<string> ids) => ids[Next(ids.Count)];

    /// <summary>Half an hour or an hour on a working day of the next two months, on the quarter hour.</summary>
    private Period Slot()
    {
        var start = _today.AddDays(2 + Next(60)).AddHours(7 + Next(10)).AddMinutes(15 * Next(4));
        return Period.Timed(start, start.AddMinutes(30 * (1 + Next(2))));
    }
}
