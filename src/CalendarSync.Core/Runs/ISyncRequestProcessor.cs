using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Runs;

/// <summary>The queue's work: one raw message, a staff member's request or a page of them, validated and run.</summary>
public interface ISyncRequestProcessor
{
    /// <summary>
    /// Processes one message and answers what became of each staff member it names (one result for a message that is
    /// not a request). A single request's run that fails throws <see cref="SyncException"/> (its
    /// <see cref="SyncException.Result"/> with <see cref="SyncRunResult.Error"/>), so the queue tries the message again; a
    /// page's failed member is queued again alone (<see cref="SyncRequestDisposition.Requeued"/>), and the page throws
    /// only when that cannot be done.
    /// </summary>
    Task<IReadOnlyList<SyncRequestResult>> ProcessAsync(string message, CancellationToken cancellationToken);
}
