using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Runs;

/// <summary>The queue's work: one raw sync request message, validated and run for its staff member.</summary>
public interface ISyncRequestProcessor
{
    /// <summary>
    /// Processes one message and answers what became of it. A run that fails throws <see cref="SyncException"/> (its
    /// <see cref="SyncException.Result"/> with <see cref="SyncRunResult.Error"/>), so the queue tries the message again.
    /// </summary>
    Task<SyncRequestResult> ProcessAsync(string message, CancellationToken cancellationToken);
}
