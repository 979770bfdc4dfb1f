using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;

namespace CalendarSync.Cli.Hosting;

/// <summary>What the processor answered about one message, as calsync shows it: a run's result, a skip, or a refused message.</summary>
internal sealed record RunReport(string StaffId, string Outcome, SyncRunResult? Result, string? Detail)
{
    public static RunReport From(SyncRequestResult processed)
    {
        ArgumentNullException.ThrowIfNull(processed);
        return processed switch
        {
            // A page's member queued again alone: failed, when its run failed.
            { Disposition: SyncRequestDisposition.Requeued, Request: { } request } => new RunReport(
                request.StaffId, processed.Run is null ? nameof(SyncRequestDisposition.Requeued) : nameof(SyncOutcome.Failed), processed.Run, processed.Detail),
            { Run: { } run, Status: var status } => new RunReport(run.StaffId, run.Outcome.ToString(), run,
                status is null or ConnectionStatus.Active ? run.Message : $"connection is {status}: {run.Message}"),
            { Disposition: SyncRequestDisposition.Malformed } => new RunReport("?", "Malformed", null, processed.Detail),
            _ => new RunReport(processed.Request?.StaffId ?? "?", "Skipped", null, processed.Detail),
        };
    }

    /// <summary>A run that failed: the processor threw, with the run's result and why it failed.</summary>
    public static RunReport From(SyncException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new RunReport(failure.Result.StaffId, nameof(SyncOutcome.Failed), failure.Result, $"{failure.Result.Error}: {failure.Result.Message}");
    }
}
