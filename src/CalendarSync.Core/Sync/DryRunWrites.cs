using CalendarSync.Core.Calendar;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;

namespace CalendarSync.Core.Sync;

/// <summary>
/// A dry run's writes: each is recorded as planned and answered as Google and the stores would answer a write that went
/// through, and nothing is sent anywhere. A write planned twice for one event or block (a run that would write an event
/// and then reconcile it) is one planned write, as the run would leave it.
/// </summary>
internal sealed class DryRunWrites(TimeProvider time) : ISyncWrites
{
    /// <summary>The etag a planned event write answers with: no real event has it, so a later compare sees the event as changed.</summary>
    private const string PlannedETag = "\"dry-run\"";

    private readonly List<PlannedWrite> _writes = [];
    private readonly Dictionary<ItemKey, ItemStatusWrite> _statuses = [];

    public SyncPlan ToPlan(SyncRunResult result) => new(result, [.. _writes], [.. _statuses.Values]);

    public async Task<CalendarEvent?> MoveEventAsync(ICalendar calendar, string eventId, string destinationCalendarId, CancellationToken cancellationToken)
    {
        // Answered from the event as it is now, where it is: a move changes nothing but its calendar and etag.
        if (await calendar.GetEventAsync(eventId, cancellationToken) is not { Status: not EventStatus.Cancelled } calendarEvent)
        {
            return null;
        }

        var key = EventIds.TryDecode(eventId, out var decoded) ? decoded : (ItemKey?)null;
        Plan(new PlannedWrite(PlannedWriteKind.MoveEvent, key, eventId, calendarEvent.Summary, EventRendering.PeriodOf(calendarEvent)));
        return calendarEvent with { ETag = PlannedETag, Updated = time.GetUtcNow() };
    }

    public Task<IReadOnlyList<EventWriteResult>> WriteEventsAsync(ICalendar calendar, IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken)
    {
        var results = new List<EventWriteResult>(writes.Count);
        foreach (var write in writes)
        {
            var kind = write.Kind switch
            {
                EventWriteKind.Insert => PlannedWriteKind.CreateEvent,
                EventWriteKind.Update => PlannedWriteKind.UpdateEvent,
                _ => PlannedWriteKind.DeleteEvent,
            };
            var key = EventIds.TryDecode(write.EventId, out var decoded) ? decoded : (ItemKey?)null;
            var period = write.Event is { } written ? EventRendering.PeriodOf(written) : null;
            Plan(new PlannedWrite(kind, key, write.EventId, write.Event?.Summary, period));
            results.Add(write.Event is { } calendarEvent
                ? new EventWriteResult(EventWriteOutcome.Written, calendarEvent with { ETag = PlannedETag, Updated = time.GetUtcNow() })
                : new EventWriteResult(EventWriteOutcome.Written));
        }

        return Task.FromResult<IReadOnlyList<EventWriteResult>>(results);
    }

    public Task WriteStatusesAsync(string staffId, IReadOnlyList<ItemStatusWrite> writes, CancellationToken cancellationToken)
    {
        foreach (var write in writes)
        {
            _statuses.Remove(write.Key);
            _statuses[write.Key] = write;
        }

        return Task.CompletedTask;
    }

    public Task WriteBlocksAsync(string staffId, IReadOnlyList<GoogleBlockWrite> writes, CancellationToken cancellationToken)
    {
        foreach (var write in writes)
        {
            Plan(new PlannedWrite(
                write.Period is null ? PlannedWriteKind.RemoveBlock : PlannedWriteKind.ImportBlock,
                BlockedSlot.KeyForGoogleEvent(write.GoogleEventId), write.GoogleEventId, write.Summary, write.Period));
        }

        return Task.CompletedTask;
    }

    /// <summary>A stamp changes nothing anyone sees: not part of the plan.</summary>
    public Task StampBlocksAsync(string staffId, long epoch, IReadOnlyList<string> googleEventIds, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public Task<Appointment?> MoveAppointmentAsync(string staffId, Appointment appointment, Period period, CancellationToken cancellationToken)
    {
        Plan(new PlannedWrite(PlannedWriteKind.MoveAppointment, appointment.Key, EventIds.For(appointment.Key), appointment.Title, period));
        var moved = new Appointment(
            appointment.Id, appointment.StaffId, period, appointment.CustomerName, appointment.Title, appointment.Notes, appointment.Status,
            appointment.Version + 1, time.GetUtcNow());
        return Task.FromResult<Appointment?>(moved);
    }

    public Task<SyncLease> SaveStateAsync(SyncLease lease, SyncState state, CancellationToken cancellationToken) => Task.FromResult(lease);

    public Task ReleaseAsync(SyncLease lease, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Folds a second write to the same event or block into the first: created then updated is created, created then deleted is nothing.</summary>
    private void Plan(PlannedWrite write)
    {
        var at = _writes.FindIndex(earlier => earlier.EventId == write.EventId && earlier.ToGoogle == write.ToGoogle
            && (earlier.Kind == PlannedWriteKind.MoveAppointment) == (write.Kind == PlannedWriteKind.MoveAppointment));
        if (at < 0)
        {
            _writes.Add(write);
            return;
        }

        var earlier = _writes[at];
        _writes.RemoveAt(at);
        if (earlier.Kind == PlannedWriteKind.CreateEvent && write.Kind == PlannedWriteKind.DeleteEvent)
        {
            return;
        }

        _writes.Add(earlier.Kind == PlannedWriteKind.CreateEvent && write.Kind == PlannedWriteKind.UpdateEvent
            ? write with { Kind = PlannedWriteKind.CreateEvent }
            : write);
    }
}
