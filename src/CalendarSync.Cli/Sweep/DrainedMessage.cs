using CalendarSync.Cli.Hosting;

namespace CalendarSync.Cli.Sweep;

/// <summary>
/// One message as the drain handled it, with what the processor answered about each staff member it names (a sweep's
/// page names several), or the failed run it threw.
/// </summary>
internal sealed record DrainedMessage(
    string MessageId, long DequeueCount, MessageFate Fate, IReadOnlyList<RunReport> Reports, string? Error, TimeSpan Elapsed)
{
    /// <summary>The message's fate as a staff member's row shows it: the run's outcome, the skip, or the error it threw.</summary>
    public string OutcomeOf(RunReport? report) => Fate switch
    {
        MessageFate.Done => report?.Outcome ?? "Done",
        MessageFate.Retrying => $"Retrying ({DequeueCount} of the allowed tries)",
        _ => "Poisoned",
    };

    /// <summary>Whether every staff member it names ran without failing (a failed page member is queued again, but failed here).</summary>
    public bool Succeeded => Fate == MessageFate.Done && Reports.All(r => r.Outcome != nameof(Core.Sync.SyncOutcome.Failed));
}
