using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Sync;

/// <summary>
/// Makes a staff member's next run a full one, as after Google's 410: the whole window listed and every status checked
/// against its event, every local item pushed again. Nothing is duplicated, because our events are found by their ids.
/// </summary>
public sealed class SyncStateReset(ISyncLease leases, ISyncStateStore states, SyncProcessorOptions options)
{
    /// <summary>False when a sync of this staff member holds the lease: it would save its positions over ours.</summary>
    public async Task<bool> RequireFullResyncAsync(string staffId, CancellationToken cancellationToken)
    {
        ItemId.Validate(staffId, "staff");
        var lease = await leases.TryAcquireAsync(staffId, options.LeaseDuration, cancellationToken);
        if (lease is null)
        {
            return false;
        }

        try
        {
            var state = await states.GetStateAsync(staffId, cancellationToken);
            await states.SaveStateAsync(
                state with { GoogleSyncToken = null, PullPageToken = null, PullIsFull = false, LocalWatermark = null, WindowEnd = null },
                cancellationToken);
            return true;
        }
        finally
        {
            await leases.ReleaseAsync(lease, CancellationToken.None);
        }
    }
}
