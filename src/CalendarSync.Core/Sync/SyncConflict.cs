using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Sync;

/// <summary>One of our events that a staff member changed or deleted in Google, and what the policy did about it.</summary>
public sealed record SyncConflict(ItemKey Key, string What, bool BothSidesChanged, ConflictResolution Resolution);
