using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Sync;

/// <summary>
/// The last state both sides agreed on for one item (the base of the three-way compare): the local version we wrote
/// and the etag Google gave the event then. For a Google-origin block, the key is the block's and the version is 0.
/// </summary>
public sealed record ItemSyncStatus(ItemKey Key, long LocalVersion, string EventId, string? ETag, DateTimeOffset? Updated, long Epoch);
