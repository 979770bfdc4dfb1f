using CalendarSync.Core.Calendar;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;

namespace CalendarSync.Core.Sync;

/// <summary>
/// Every write a run makes, on either side, goes through here: the engine decides, this applies
/// (<see cref="StoreSyncWrites"/>) or only records what would be applied (<see cref="DryRunWrites"/>, a dry run).
/// </summary>
internal interface ISyncWrites
{
    /// <summary>Writes to the calendar our events are in, one result per write in order, as <see cref="ICalendar.WriteAsync"/>.</summary>
    Task<IReadOnlyList<EventWriteResult>> WriteEventsAsync(ICalendar calendar, IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken);

    /// <summary>Moves one of our events to another calendar, as <see cref="ICalendar.MoveEventAsync"/>.</summary>
    Task<CalendarEvent?> MoveEventAsync(ICalendar calendar, string eventId, string destinationCalendarId, CancellationToken cancellationToken);

    Task WriteStatusesAsync(string staffId, IReadOnlyList<ItemStatusWrite> writes, CancellationToken cancellationToken);

    Task WriteBlocksAsync(string staffId, IReadOnlyList<GoogleBlockWrite> writes, CancellationToken cancellationToken);

    /// <summary>As <see cref="IAppointmentData.StampGoogleBlocksAsync"/>.</summary>
    Task StampBlocksAsync(string staffId, long epoch, IReadOnlyList<string> googleEventIds, CancellationToken cancellationToken);

    /// <summary>As <see cref="IAppointmentData.MoveAppointmentAsync"/>.</summary>
    Task<Appointment?> MoveAppointmentAsync(string staffId, Appointment appointment, Period period, CancellationToken cancellationToken);

    Task<SyncLease> SaveStateAsync(SyncLease lease, SyncState state, CancellationToken cancellationToken);

    Task ReleaseAsync(SyncLease lease, CancellationToken cancellationToken);
}
