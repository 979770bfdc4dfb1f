using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Data;

/// <summary>What a data API write did: the item as stored (null after a delete) and how many syncs it queued.</summary>
public sealed record DataWrite(LocalItem? Item, int SyncsQueued);
