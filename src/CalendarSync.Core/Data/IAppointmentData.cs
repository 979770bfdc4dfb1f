using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Data;

/// <summary>The appointment data as the sync reads and writes it (on Table Storage in CalendarSync.Azure).</summary>
public interface IAppointmentData
{
    /// <summary>
    /// The items that go to a staff member's calendar (their appointments, local blocks and availability exceptions,
    /// and every business closure) changed after <paramref name="watermark"/> (null: from the beginning), oldest
    /// change first, deletes as tombstones. Google-origin blocks are not in this feed: only the sync writes them.
    /// Every change made after a watermark was issued must come in some later page; an item may come more than once.
    /// </summary>
    Task<LocalChangePage> GetChangesAsync(string staffId, string? watermark, int pageSize, CancellationToken cancellationToken);

    /// <summary>
    /// Where <see cref="GetChangesAsync"/> stands now: one cheap read, needing no watermark, so that a run reads it beside
    /// its control row and then asks it whether anything came after the watermark there (<see cref="LocalFeedHead.IsAfter"/>).
    /// With <paramref name="sharedFeedMayLag"/> the business's closures may be read as they were a few seconds ago (for a
    /// scheduled run: a closure it misses is pushed by the next one, or at once with <c>?sync=now</c>).
    /// </summary>
    Task<LocalFeedHead> ReadFeedHeadAsync(string staffId, bool sharedFeedMayLag, CancellationToken cancellationToken);

    /// <summary>
    /// The live items that go to the calendar (as in <see cref="GetChangesAsync"/>) whose time overlaps
    /// [<paramref name="rangeStart"/>, <paramref name="rangeEnd"/>): the items the window's far edge reaches as days pass. May return
    /// more (all-day items near the edges, for example); the sync checks each item's time itself.
    /// </summary>
    Task<LocalItemPage> GetItemsInRangeAsync(
        string staffId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, string? continuation, int pageSize, CancellationToken cancellationToken);

    /// <summary>The item as it is now, a tombstone if deleted; null if it never existed or its tombstone expired.</summary>
    Task<LocalItem?> GetItemAsync(string staffId, ItemKey key, CancellationToken cancellationToken);

    /// <summary>A staff member's Google-origin blocks in id order, for the sync to find any its statuses do not know.</summary>
    Task<LocalItemPage> ListGoogleBlocksAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken);

    /// <summary>
    /// The sync statuses stored with the Google-origin blocks of <paramref name="keys"/> that have one (<see cref="GoogleBlockWrite.Status"/>):
    /// a page's worth in one round trip, not one per block. A block stored without a status (by a version that kept
    /// them apart) answers one with no etag, so that the sync writes it again with its status.
    /// </summary>
    Task<IReadOnlyDictionary<ItemKey, ItemSyncStatus>> GetGoogleBlockStatusesAsync(
        string staffId, IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Pages through the statuses of a staff member's Google-origin blocks of their primary calendar, in key order (as
    /// <see cref="GetGoogleBlockStatusesAsync"/> answers them); the blocks of other calendars and busy times are not among them.
    /// </summary>
    Task<ItemStatusPage> ListGoogleBlockStatusesAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken);

    /// <summary>
    /// A full listing saw the events of these blocks as their statuses record them: the statuses take its
    /// <paramref name="epoch"/>, the blocks are not touched. A block that is gone meanwhile is skipped.
    /// </summary>
    Task StampGoogleBlocksAsync(string staffId, long epoch, IReadOnlyList<string> googleEventIds, CancellationToken cancellationToken);

    /// <summary>
    /// Creates, replaces and removes a staff member's Google-origin blocks (removing one that is not there does nothing): a
    /// page's worth in a few round trips (on Table Storage, one transaction per 100). An event written twice keeps its last
    /// write. When it throws, any part of the batch may have been written.
    /// </summary>
    Task WriteGoogleBlocksAsync(string staffId, IReadOnlyList<GoogleBlockWrite> writes, CancellationToken cancellationToken);

    /// <summary>
    /// Moves an appointment to the times a staff member gave its event in Google (conflict policy
    /// <see cref="Sync.ConflictPolicy.AcceptGoogleTimeChanges"/>); null, and nothing written, if the appointment is no
    /// longer at <paramref name="expectedVersion"/>.
    /// </summary>
    Task<Appointment?> MoveAppointmentAsync(
        string staffId, string appointmentId, Period period, long expectedVersion, CancellationToken cancellationToken);
}
