using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Data;

/// <summary>
/// The appointment system's side of the appointment data, for the data API: its writes, which feed the change feed
/// the sync reads through <see cref="IAppointmentData"/>, and the reads a booking page needs.
/// </summary>
public interface IAppointmentStore
{
    /// <summary>
    /// Creates or replaces an appointment, local block, availability exception or closure and answers it as stored: with
    /// the next version and the current time (the draft's are ignored). Google-origin blocks are the sync's and are refused.
    /// </summary>
    Task<LocalItem> SaveAsync(LocalItem draft, CancellationToken cancellationToken);

    /// <summary>Deletes a staff member's appointment, local block or exception, leaving a tombstone for the sync; false if there was none.</summary>
    Task<bool> DeleteAsync(string staffId, ItemKey key, CancellationToken cancellationToken);

    /// <summary>Deletes a business closure (from every staff member's calendar); false if there was none.</summary>
    Task<bool> DeleteClosureAsync(string closureId, CancellationToken cancellationToken);

    /// <summary>A staff member's live blocks, local and Google-origin, in id order.</summary>
    Task<LocalItemPage> ListBlocksAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken);

    /// <summary>
    /// Every live item that makes a staff member busy and may overlap [<paramref name="rangeStart"/>, <paramref name="rangeEnd"/>):
    /// booked appointments, blocks of both origins, exceptions and closures. All-day items near the edges may come too;
    /// the caller checks each item's time in its zone.
    /// </summary>
    Task<IReadOnlyList<LocalItem>> ListBusyAsync(string staffId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, CancellationToken cancellationToken);

    /// <summary>
    /// A staff member's live booked appointments that may overlap [<paramref name="rangeStart"/>, <paramref name="rangeEnd"/>),
    /// as <see cref="ListBusyAsync"/> finds them, without the blocks and closures: for a reader that needs the rest only around them.
    /// </summary>
    async Task<IReadOnlyList<Appointment>> ListBookedAsync(string staffId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, CancellationToken cancellationToken) =>
        [.. (await ListBusyAsync(staffId, rangeStart, rangeEnd, cancellationToken)).OfType<Appointment>().Where(a => a.Status == AppointmentStatus.Booked)];

    /// <summary>Removes tombstones of deletes made before <paramref name="cutoff"/>; answers how many.</summary>
    Task<int> PurgeTombstonesAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
