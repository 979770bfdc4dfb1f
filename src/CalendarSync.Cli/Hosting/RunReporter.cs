using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Cli.Hosting;

/// <summary>
/// calsync's <see cref="ISyncObserver"/>: it keeps what the processor says about a message for the caller that asked
/// (<see cref="Begin"/>), so runs processed side by side are each reported to their own message.
/// </summary>
internal sealed class RunReporter : ISyncObserver
{
    private readonly AsyncLocal<Capture?> _current = new();

    /// <summary>Starts capturing for the calling async flow; call it inside the method that processes one message.</summary>
    public Capture Begin() => _current.Value = new Capture();

    /// <summary>Runs <paramref name="work"/> and answers what the processor reported during it.</summary>
    public async Task<RunReport?> CaptureAsync(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var capture = Begin();
        await work();
        return capture.Report;
    }

    public void Completed(SyncRunResult result, ConnectionStatus status) =>
        Report(new RunReport(result.StaffId, result.Outcome.ToString(), result,
            status == ConnectionStatus.Active ? result.Message : $"connection is {status}: {result.Message}"));

    public void Failed(SyncRunResult result, string errorClass) =>
        Report(new RunReport(result.StaffId, SyncOutcome.Failed.ToString(), result, $"{errorClass}: {result.Message}"));

    public void Skipped(SyncRequest request, string reason) =>
        Report(new RunReport(request.StaffId, "Skipped", null, reason));

    public void MalformedRequest(string problem) =>
        Report(new RunReport("?", "Malformed", null, problem));

    private void Report(RunReport report)
    {
        if (_current.Value is { } capture)
        {
            capture.Report = report;
        }
    }

    /// <summary>The report of one message's processing, once the processor gave one.</summary>
    internal sealed class Capture
    {
        public RunReport? Report { get; set; }
    }
}
