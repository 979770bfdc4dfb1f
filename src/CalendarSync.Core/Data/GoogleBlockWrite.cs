using CalendarSync.Core.Domain;
using CalendarSync.Core.History;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Data;

/// <summary>
/// The Google-origin block of one Google event (its id is <see cref="BlockedSlot.IdForGoogleEvent"/>) to create or replace
/// at <see cref="Version"/> (<see cref="Period"/> set), or to remove (null), in a batch of
/// <see cref="IAppointmentData.WriteGoogleBlocksAsync"/>. The sync numbers the versions: it knows the last one it wrote.
/// </summary>
public sealed record GoogleBlockWrite(string GoogleEventId, Period? Period, string? Summary, long Version)
{
    /// <summary>Why the sync writes the block: stored in the same transaction as the block.</summary>
    public ItemHistoryEntry? History { get; init; }

    /// <summary>
    /// The sync status of the primary calendar's event that makes the block (the etag and epoch the listing saw), stored
    /// with the block, one row where the store allows: neither is ever stored without the other. Null for blocks that keep
    /// no status (busy times and other calendars' events, found by listing their blocks). A removed block's status goes with it.
    /// </summary>
    public ItemSyncStatus? Status { get; init; }

    public static GoogleBlockWrite Upsert(string googleEventId, Period period, string? summary, long version) =>
        new(googleEventId, period ?? throw new ArgumentNullException(nameof(period)), summary, version);

    public static GoogleBlockWrite Delete(string googleEventId) => new(googleEventId, null, null, 0);
}
