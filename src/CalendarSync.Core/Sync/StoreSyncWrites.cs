using CalendarSync.Core.Calendar;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;

namespace CalendarSync.Core.Sync;

/// <summary>A real run's writes: to Google, the appointment data and the sync state.</summary>
internal sealed class StoreSyncWrites(IAppointmentData data, ISyncStateStore stateStore) : ISyncWrites
{
    public Task<IReadOnlyList<EventWriteResult>> WriteEventsAsync(ICalendar calendar, IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken) =>
        calendar.WriteAsync(writes, cancellationToken);

    public Task<CalendarEvent?> MoveEventAsync(ICalendar calendar, string eventId, string destinationCalendarId, CancellationToken cancellationToken) =>
        calendar.MoveEventAsync(eventId, destinationCalendarId, cancellationToken);

    public Task WriteStatusesAsync(string staffId, IReadOnlyList<ItemStatusWrite> writes, CancellationToken cancellationToken) =>
        stateStore.WriteItemsAsync(staffId, writes, cancellationToken);

    public Task WriteBlocksAsync(string staffId, IReadOnlyList<GoogleBlockWrite> writes, CancellationToken cancellationToken) =>
        data.WriteGoogleBlocksAsync(staffId, writes, cancellationToken);

    public Task StampBlocksAsync(string staffId, long epoch, IReadOnlyList<string> googleEventIds, CancellationToken cancellationToken) =>
        data.StampGoogleBlocksAsync(staffId, epoch, googleEventIds, cancellationToken);

    public Task<Appointment?> MoveAppointmentAsync(string staffId, Appointment appointment, Period period, CancellationToken cancellationToken) =>
        data.MoveAppointmentAsync(staffId, appointment.Id, period, appointment.Version, cancellationToken);

    public Task<SyncLease> SaveStateAsync(SyncLease lease, SyncState state, CancellationToken cancellationToken) =>
        stateStore.SaveStateAsync(lease, state, cancellationToken);

    public Task ReleaseAsync(SyncLease lease, CancellationToken cancellationToken) => stateStore.ReleaseAsync(lease, cancellationToken);
}
