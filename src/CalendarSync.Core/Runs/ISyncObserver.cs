using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Runs;

/// <summary>
/// Where the sync's runs are reported: the function app logs them and turns them into Application Insights metrics.
/// Carries staff ids, counts and outcomes only: no tokens, no customer names.
/// </summary>
public interface ISyncObserver
{
    void Completed(SyncRunResult result, Domain.ConnectionStatus status);

    /// <summary>A run failed (<see cref="SyncRunResult.Error"/> says why) and the queue will try it again.</summary>
    void Failed(SyncRunResult result);

    void Skipped(SyncRequest request, string reason);

    /// <summary>A page's member was queued again as a request of its own (its run failed, or its turn came too late).</summary>
    void Requeued(SyncRequest request, string reason);

    void MalformedRequest(string problem);

    /// <summary>Booking conflicts a run found that the staff member's connection did not know of (<see cref="ConflictWatch"/>); each is reported once.</summary>
    void NewConflicts(string staffId, IReadOnlyList<Data.BookingConflict> conflicts);
}
