using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Runs;

/// <summary>What the processor did with one message: the run's result, or why there was no run.</summary>
/// <param name="Disposition">Whether it ran, and if not, why not.</param>
/// <param name="Request">The request as read; null for a message that was not one.</param>
/// <param name="Run">The run's result, when there was a run (a failed one for a requeued page member whose run failed).</param>
/// <param name="Status">The connection's status after the run, or as found when it was not enabled; null when there is none.</param>
/// <param name="Detail">Why there was no run, in words for an operator.</param>
public sealed record SyncRequestResult(
    SyncRequestDisposition Disposition, SyncRequest? Request, SyncRunResult? Run, ConnectionStatus? Status, string? Detail)
{
    public static SyncRequestResult Ran(SyncRequest request, SyncRunResult run, ConnectionStatus status) =>
        new(SyncRequestDisposition.Ran, request, run, status, null);

    public static SyncRequestResult Malformed(string problem) => new(SyncRequestDisposition.Malformed, null, null, null, problem);

    /// <summary>A request that ran nothing (<paramref name="disposition"/> says why), with the connection's status where known.</summary>
    public static SyncRequestResult NotRun(SyncRequestDisposition disposition, SyncRequest request, string detail, ConnectionStatus? status = null) =>
        new(disposition, request, null, status, detail);

    /// <summary>A page's member queued again alone: its run failed (<paramref name="failed"/>), or its turn came too late.</summary>
    public static SyncRequestResult Requeued(SyncRequest request, SyncRunResult? failed, string detail) =>
        new(SyncRequestDisposition.Requeued, request, failed, null, detail);
}
