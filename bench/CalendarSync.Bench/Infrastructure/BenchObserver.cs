using System.Collections.Concurrent;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;

namespace CalendarSync.Bench.Infrastructure;

/// <summary>The bench's <see cref="ISyncObserver"/>: keeps what the runs reported, so a scenario can wait for one and refuse to report figures of failed runs.</summary>
internal sealed class BenchObserver : ISyncObserver
{
    private readonly ConcurrentQueue<string> _failures = new();
    private int _completed;

    /// <summary>Raised after every finished run, on the thread that ran it.</summary>
    public event Action<SyncRunResult>? RunCompleted;

    public int Completed => Volatile.Read(ref _completed);

    public IReadOnlyCollection<string> Failures => _failures;

    void ISyncObserver.Completed(SyncRunResult result, ConnectionStatus status)
    {
        Interlocked.Increment(ref _completed);
        if (result.Outcome is not (SyncOutcome.Succeeded or SyncOutcome.Partial))
        {
            _failures.Enqueue($"{result.StaffId}: {result.Outcome} {result.Message}");
        }

        RunCompleted?.Invoke(result);
    }

    void ISyncObserver.Failed(SyncRunResult result) => _failures.Enqueue($"{result.StaffId}: {result.Error} {result.Message}");

    void ISyncObserver.Skipped(SyncRequest request, string reason)
    {
    }

    void ISyncObserver.Requeued(SyncRequest request, string reason) => _failures.Enqueue($"{request.StaffId}: {reason}");

    void ISyncObserver.MalformedRequest(string problem) => _failures.Enqueue("malformed request: " + problem);

    void ISyncObserver.NewConflicts(string staffId, IReadOnlyList<Core.Data.BookingConflict> conflicts)
    {
    }

    /// <summary>Throws if any run failed since the start: figures of a broken run would mislead.</summary>
    public void EnsureNoFailures()
    {
        if (!_failures.IsEmpty)
        {
            throw new InvalidOperationException(
                $"{_failures.Count} sync runs failed; first: {_failures.First()}. The bench reports no figures for failed runs.");
        }
    }
}
