using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Runs;

/// <summary>What became of one sync request message. A run that failed is not among them: it throws <see cref="SyncException"/>.</summary>
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
}
