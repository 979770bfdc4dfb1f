using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Runs;

/// <summary>
/// What became of one staff member's request. A single request's failed run is not among them: it throws
/// <see cref="SyncException"/>; a page's is <see cref="Requeued"/>.
/// </summary>
public enum SyncRequestDisposition
{
    /// <summary>The staff member was synced; <see cref="SyncRequestResult.Run"/> says how it went.</summary>
    Ran,

    /// <summary>Not a sync request: moved to the poison queue as it came, without retries.</summary>
    Malformed,

    /// <summary>The staff member has no connection, or one that is not enabled: nothing to sync.</summary>
    NotConnected,

    /// <summary>A sync of the staff member was running; this manual or push request was queued again to run after it.</summary>
    Deferred,

    /// <summary>A sync of the staff member was running; this scheduled request was dropped (the next sweep comes anyway).</summary>
    Dropped,

    /// <summary>
    /// A page's member whose run failed (<see cref="SyncRequestResult.Run"/> says how) or whose turn came after the page's
    /// start window: queued again as a request of its own, which the queue retries and poisons alone.
    /// </summary>
    Requeued,
}
