using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Cli.Hosting;

/// <summary>
/// calsync's <see cref="ISyncObserver"/>. What became of each message the processor answers to its caller
/// (<see cref="RunReport.From(SyncRequestResult)"/>); here only the sweep's counts are kept, for its summary.
/// </summary>
internal sealed class RunReporter : ISyncObserver
{
    /// <summary>Connections the last sweep queued.</summary>
    public int LastSweepQueued { get; private set; }

    /// <summary>Connections the last sweep left out because their sync was under way.</summary>
    public int LastSweepRunning { get; private set; }

    public void Completed(SyncRunResult result, ConnectionStatus status)
    {
    }

    public void Failed(SyncRunResult result)
    {
    }

    public void Skipped(SyncRequest request, string reason)
    {
    }

    public void MalformedRequest(string problem)
    {
    }

    public void SweepQueued(int connections, int running, TimeSpan duration)
    {
        LastSweepQueued = connections;
        LastSweepRunning = running;
    }
}
