using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Data;

/// <summary>
/// What a data API write did: the item as stored (null after a delete), how many syncs it queued, and, when the item
/// cannot reach Google yet (no connection for its staff member, say a typo in the id), why.
/// </summary>
public sealed record DataWrite(LocalItem? Item, int SyncsQueued, string? Warning = null);
