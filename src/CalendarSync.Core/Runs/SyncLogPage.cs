namespace CalendarSync.Core.Runs;

public sealed record SyncLogPage(IReadOnlyList<SyncLogEntry> Items, string? Continuation);
