namespace CalendarSync.Core.Sync;

public sealed record ItemStatusPage(IReadOnlyList<ItemSyncStatus> Items, string? Continuation);
