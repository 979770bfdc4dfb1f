using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Sync;

/// <summary>
/// Forgets what a staff member's sync knew about their calendar, for a reconnect to another Google account: the old
/// calendar's sync token and events are nothing to the new one (an event id we remember would be "ours" there), and
/// the blocks mirrored from it no longer block. The appointment data stays as it is; the next run lists the new calendar
/// whole and pushes every item to it. The caller holds the staff member's lease.
/// </summary>
public sealed class SyncStateReset(ISyncStateStore state, IAppointmentData data, IAppointmentStore store)
{
    private const int PageSize = 100;

    public async Task ResetAsync(string staffId, CancellationToken cancellationToken)
    {
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

        foreach (var eventId in mirrored)
        {
            await data.DeleteGoogleBlockAsync(staffId, eventId, cancellationToken);
        }

        do
        {
            var page = await state.ListItemsAsync(staffId, continuation, PageSize, cancellationToken);
            foreach (var status in page.Items)
            {
                await state.DeleteItemAsync(staffId, status.Key, cancellationToken);
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);

        // A new epoch, so that nothing stamped under the old calendar's listings could pass for the new one's.
        var old = await state.GetStateAsync(staffId, cancellationToken);
        await state.SaveStateAsync(SyncState.Initial(staffId) with { Epoch = old.Epoch + 1 }, cancellationToken);
    }
}
