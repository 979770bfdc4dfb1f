using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;

namespace CalendarSync.Cli.Hosting;

/// <summary>
/// calsync's <see cref="ISyncObserver"/>, silent: calsync reports what became of each message from the result the
/// processor answers (<see cref="RunReport.From(SyncRequestResult)"/>) and what a sweep did from its
/// <see cref="SweepResult"/>, so it has nothing to observe on the side.
/// </summary>
internal sealed class RunReporter : ISyncObserver
{
    public void Completed(SyncRunResult result, ConnectionStatus status)
    {
    }

    public void Failed(SyncRunResult result)
    {
    }

    public void Skipped(SyncRequest request, string reason)
    {
    }

    public void Requeued(SyncRequest request, string reason)
    {
    }

    public void MalformedRequest(string problem)
    {
    }

    // calsync conflicts lists them; a run's own report says what it wrote.
    public void NewConflicts(string staffId, IReadOnlyList<Core.Data.BookingConflict> conflicts)
    {
    }
}
