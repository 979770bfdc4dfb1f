using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Runs;

/// <summary>One run as the sync log keeps it: counts, outcome, error kind and duration (conflicts and skips as counts).</summary>
public sealed record SyncLogEntry(
    string StaffId,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    SyncOutcome Outcome,
    int Created,
    int Updated,
    int Deleted,
    int Imported,
    int BlocksRemoved,
    int Conflicts,
    int Skipped,
    bool FullResync,
    SyncErrorKind? Error,
    string? Message);
