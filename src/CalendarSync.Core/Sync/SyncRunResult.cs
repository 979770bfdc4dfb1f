using CalendarSync.Core.Runs;

namespace CalendarSync.Core.Sync;

/// <summary>What one run did, as the sync log stores it.</summary>
public sealed record SyncRunResult
{
    public required string StaffId { get; init; }

    public required SyncOutcome Outcome { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>Events inserted in the calendar.</summary>
    public int Created { get; init; }

    /// <summary>Events updated in the calendar (restores included).</summary>
    public int Updated { get; init; }

    /// <summary>Events deleted from the calendar.</summary>
    public int Deleted { get; init; }

    /// <summary>Google-origin blocks created or changed.</summary>
    public int Imported { get; init; }

    /// <summary>Google-origin blocks removed because their event went or stopped blocking.</summary>
    public int BlocksRemoved { get; init; }

    public IReadOnlyList<SyncConflict> Conflicts { get; init; } = [];

    public IReadOnlyDictionary<SkipReason, int> Skipped { get; init; } = new Dictionary<SkipReason, int>();

    /// <summary>Nothing changed on either side: the run listed Google once, took no lease and wrote nothing.</summary>
    public bool Quiet { get; init; }

    /// <summary>Whether this run listed the whole window (first sync, or Google's 410).</summary>
    public bool FullResync { get; init; }

    public string? Message { get; init; }

    /// <summary>Why a <see cref="SyncOutcome.Failed"/> run failed; null for a run that did not fail.</summary>
    public SyncErrorKind? Error { get; init; }

    public int Writes => Created + Updated + Deleted + Imported + BlocksRemoved;

    /// <summary>A run that ended before it did any work (its store or Google failed, or the grant was revoked), with why.</summary>
    public static SyncRunResult EndedEarly(string staffId, SyncOutcome outcome, DateTimeOffset startedAt, string message) =>
        new() { StaffId = staffId, Outcome = outcome, StartedAt = startedAt, Message = message };
}
