namespace CalendarSync.Core.Sync;

public sealed record SyncLogPage(IReadOnlyList<SyncLogEntry> Items, string? Continuation);
