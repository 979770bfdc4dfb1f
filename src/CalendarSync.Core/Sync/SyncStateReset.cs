using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;

namespace CalendarSync.Core.Sync;

/// <summary>
/// Sets back what a staff member's sync knows about their calendar, in the two degrees an operator or a reconnect needs.
/// A full resync keeps every item's status and lists the whole window again, as after Google's 410; forgetting the
/// calendar drops it all, for a reconnect to another Google account. Neither touches the appointment data.
/// </summary>
public sealed class SyncStateReset(
    ISyncStateStore states, IAppointmentData data, IAppointmentStore store, SyncProcessorOptions options)
{
    private const int PageSize = 100;

    /// <summary>
    /// Makes the next run a full one: the whole window listed and every status checked against its event, every local
    /// item pushed again. Nothing is duplicated, because our events are found by their ids. False when a sync of this
    /// staff member holds the lease: it would save its positions over ours.
    /// </summary>
    public async Task<bool> RequireFullResyncAsync(string staffId, CancellationToken cancellationToken)
    {
        ItemId.Validate(staffId, "staff");
        var control = await states.GetControlAsync(staffId, cancellationToken);
        if (await states.TryAcquireAsync(control, options.LeaseDuration, cancellationToken) is not { } lease)
        {
            return false;
        }

        // Taken at the version read, so the state is as read; saved and given back in one write.
        await states.FinishAsync(
            lease,
            control.State with
            {
                GoogleSyncToken = null, PullPageToken = null, PullIsFull = false, LocalWatermark = null, WindowEnd = null,
                CalendarTokens = control.State.CalendarTokens.Forgotten(),
            },
            cancellationToken);
        return true;
    }

    /// <summary>
    /// Forgets the staff member's calendar, for a reconnect to another Google account: the old calendar's sync token
    /// and events are nothing to the new one (an event id we remember would be "ours" there), and the blocks mirrored
    /// from it no longer block. The next run lists the new calendar whole and pushes every item to it. The caller holds
    /// the staff member's lease, and gets it back at its new version, to give it back.
    /// </summary>
    public async Task<SyncLease> ForgetCalendarAsync(SyncLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var staffId = lease.StaffId;
        var mirrored = new List<string>();
        string? continuation = null;
        do
        {
            var page = await store.ListBlocksAsync(staffId, continuation, PageSize, cancellationToken);
            mirrored.AddRange(page.Items.OfType<BlockedSlot>()
                .Where(b => b.Origin == BlockOrigin.Google && b.GoogleEventId is not null)
                .Select(b => b.GoogleEventId!));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        foreach (var chunk in mirrored.Chunk(PageSize))
        {
            await data.WriteGoogleBlocksAsync(staffId, [.. chunk.Select(GoogleBlockWrite.Delete)], cancellationToken);
        }

        do
        {
            var page = await states.ListItemsAsync(staffId, continuation, PageSize, cancellationToken);
            await states.WriteItemsAsync(staffId, [.. page.Items.Select(status => ItemStatusWrite.Delete(status.Key))], cancellationToken);
            continuation = page.Continuation;
        }
        while (continuation is not null);

        // A new epoch, so that nothing stamped under the old calendar's listings could pass for the new one's.
        var old = await states.GetControlAsync(staffId, cancellationToken);
        return await states.SaveStateAsync(lease, SyncState.Initial(staffId) with { Epoch = old.State.Epoch + 1 }, cancellationToken);
    }
}
