using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Sync;

/// <summary>
/// One of our events that a staff member changed or deleted in Google, or an item whose event id a foreign event holds,
/// and what the sync did about it.
/// </summary>
public sealed record SyncConflict(ItemKey Key, string What, bool BothSidesChanged, ConflictResolution Resolution);
