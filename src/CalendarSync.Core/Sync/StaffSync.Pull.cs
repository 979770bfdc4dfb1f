using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Sync;

public sealed partial class StaffSync
{
    private const int MaxListingsPerRun = 3;

    /// <summary>Pulls Google's changes since the sync token (or the whole window); false when the budget stopped it.</summary>
    private async Task<bool> PullAsync(SyncRun run, long started, CancellationToken cancellationToken)
    {
        run.Stage = SyncStage.Pull;
        for (var listing = 0; ; listing++)
        {
            var eventWrites = run.Created + run.Updated + run.Deleted;
            bool complete;
            try
            {
                complete = await ListAndApplyAsync(run, started, cancellationToken);
            }
            catch (FullResyncRequiredException)
            {
                // Google forgot our position (410). The state is not saved here: if this run dies, the next one
                // meets the same 410 and starts over, which is as good.
                run.State = run.State with { GoogleSyncToken = null, PullPageToken = null, PullIsFull = false };
                complete = await ListAndApplyAsync(run, started, cancellationToken);
            }

            // Events this listing wrote (restores, orphans removed) come back in the next one. Listing them now
            // moves the token past them, so that the next run, with nothing new, writes nothing.
            if (!complete || run.Created + run.Updated + run.Deleted == eventWrites || listing == MaxListingsPerRun - 1)
            {
                return complete;
            }
        }
    }

    private async Task<bool> ListAndApplyAsync(SyncRun run, long started, CancellationToken cancellationToken)
    {
        var continuing = run.State.PullPageToken is not null;
        var full = continuing ? run.State.PullIsFull : run.State.GoogleSyncToken is null;
        if (full && !continuing)
        {
            // A new epoch for every full listing, saved before it starts: statuses stamped by a listing that died
            // must not pass for seen in the next one.
            await SaveStateAsync(run, run.State with { Epoch = run.State.Epoch + 1 }, cancellationToken);
        }

        var state = run.State;
        run.Epoch = state.Epoch;
        run.FullResync |= full;
        run.Stage = full ? SyncStage.FullResync : SyncStage.Pull;
        // showDeleted in both: Google refuses showDeleted=false with a sync token, and wants a token's other
        // parameters to be those of the listing that issued it.
        var request = full
            ? new EventListRequest
            {
                TimeMin = run.Window.From, TimeMax = run.Window.To, ShowDeleted = true, PageToken = state.PullPageToken,
                MaxResults = options.PageSize,
            }
            : new EventListRequest
            {
                SyncToken = state.GoogleSyncToken, ShowDeleted = true, PageToken = state.PullPageToken, MaxResults = options.PageSize,
            };

        while (true)
        {
            var page = await run.Calendar.ListEventsAsync(request, cancellationToken);
            foreach (var calendarEvent in page.Items)
            {
                await PullEventAsync(run, calendarEvent, full, cancellationToken);
            }

            if (!full)
            {
                await CheckChangedSeriesAsync(run, page.Items, cancellationToken);
            }

            if (page.NextPageToken is not null)
            {
                request = request with { PageToken = page.NextPageToken };
                if (OverBudget(started))
                {
                    await SaveStateAsync(
                        run, run.State with { PullPageToken = page.NextPageToken, PullIsFull = full, Epoch = run.Epoch }, cancellationToken);
                    return false;
                }

                continue;
            }

            if (full)
            {
                await SweepAsync(run, cancellationToken);
            }

            // The new token only after everything it covers is applied: a crash before here lists the same changes again.
            await SaveStateAsync(
                run,
                run.State with { GoogleSyncToken = page.NextSyncToken, PullPageToken = null, PullIsFull = false, Epoch = run.Epoch },
                cancellationToken);
            return true;
        }
    }

    private async Task PullEventAsync(SyncRun run, CalendarEvent calendarEvent, bool full, CancellationToken cancellationToken)
    {
        if (!EventIds.TryDecode(calendarEvent.Id, out var key))
        {
            await PullForeignEventAsync(run, calendarEvent, full, cancellationToken);
            return;
        }

        var status = await stateStore.GetItemAsync(run.Staff.Id, key, cancellationToken);
        if (EventIds.OwnKey(calendarEvent) is null)
        {
            await PullForeignEventWithOurIdAsync(run, key, status, calendarEvent, full, cancellationToken);
            return;
        }

        if (calendarEvent.Status == EventStatus.Cancelled && status is null)
        {
            // A deleted event under one of our ids that no status of ours vouches for: our own delete coming back, or
            // a foreign event with such an id gone. Nothing to put back (we cannot show it was ours); a block it made
            // as a foreign event goes with it.
            var blockKey = BlockedSlot.KeyForGoogleEvent(calendarEvent.Id);
            if (await stateStore.GetItemAsync(run.Staff.Id, blockKey, cancellationToken) is not null)
            {
                await RemoveGoogleBlockAsync(run, blockKey, calendarEvent.Id, cancellationToken);
            }

            return;
        }

        await PullOwnEventAsync(run, key, status, calendarEvent, full, cancellationToken);
    }

    private async Task PullOwnEventAsync(
        SyncRun run, ItemKey key, ItemSyncStatus? status, CalendarEvent calendarEvent, bool full, CancellationToken cancellationToken)
    {
        if (status is not null && status.ETag == calendarEvent.ETag)
        {
            // Our own write coming back, or (in a full listing) an event that is as we left it.
            if (full && status.Epoch != run.Epoch)
            {
                await stateStore.SaveItemAsync(run.Staff.Id, status with { Epoch = run.Epoch }, cancellationToken);
            }

            return;
        }

        var item = await data.GetItemAsync(run.Staff.Id, key, cancellationToken);
        await ReconcileOwnEventAsync(run, key, item, status, calendarEvent, cancellationToken);
    }

    /// <summary>
    /// A live event with an id of our form but without our key property: someone chose that id (another app, or the
    /// organiser of an invitation). It is foreign, mirrored like any other event and never updated or deleted; the
    /// conflict says which item's id it holds. A status we kept for that item goes: the event under the item's id is
    /// not ours now, and its deletion later must not read as ours to put back.
    /// </summary>
    private async Task PullForeignEventWithOurIdAsync(
        SyncRun run, ItemKey key, ItemSyncStatus? status, CalendarEvent calendarEvent, bool full, CancellationToken cancellationToken)
    {
        run.Conflict(ForeignEventHoldsTheId(key));
        if (status is not null)
        {
            await stateStore.DeleteItemAsync(run.Staff.Id, key, cancellationToken);
        }

        await PullForeignEventAsync(run, calendarEvent, full, cancellationToken);
    }

    private async Task PullForeignEventAsync(SyncRun run, CalendarEvent calendarEvent, bool full, CancellationToken cancellationToken)
    {
        if (run.Connection.Direction == SyncDirection.PushOnly)
        {
            run.Skip(SkipReason.Direction);
            return;
        }

        var key = BlockedSlot.KeyForGoogleEvent(calendarEvent.Id);
        var status = await stateStore.GetItemAsync(run.Staff.Id, key, cancellationToken);
        var period = EventRendering.Blocks(calendarEvent, options.InvitationsBlock) ? EventRendering.PeriodOf(calendarEvent) : null;
        var inWindow = period?.Overlaps(run.Window.From, run.Window.To, run.Staff.TimeZone) == true;
        if (period is not null && inWindow)
        {
            if (status is not null && status.ETag == calendarEvent.ETag)
            {
                if (full && status.Epoch != run.Epoch)
                {
                    await stateStore.SaveItemAsync(run.Staff.Id, status with { Epoch = run.Epoch }, cancellationToken);
                }

                return;
            }

            if (status is null)
            {
                // A status without etag first: should the run die after the upsert, the block is known, and goes
                // if the event stops blocking before the next run (nothing else would find it).
                await stateStore.SaveItemAsync(
                    run.Staff.Id, new ItemSyncStatus(key, 0, calendarEvent.Id, null, null, run.Epoch), cancellationToken);
            }

            await data.UpsertGoogleBlockAsync(run.Staff.Id, calendarEvent.Id, period, EventRendering.BlockSummary(calendarEvent), cancellationToken);
            run.Imported++;
            await SaveStatusAsync(run, key, 0, calendarEvent, cancellationToken);
            return;
        }

        if (status is null)
        {
            run.Skip(period is null ? SkipReason.NotBlocking : SkipReason.OutsideWindow);
            return;
        }

        await RemoveGoogleBlockAsync(run, key, calendarEvent.Id, cancellationToken);
    }

    private async Task RemoveGoogleBlockAsync(SyncRun run, ItemKey key, string eventId, CancellationToken cancellationToken)
    {
        await ReserveDeleteAsync(run, cancellationToken);
        await data.DeleteGoogleBlockAsync(run.Staff.Id, eventId, cancellationToken);
        run.BlocksRemoved++;
        await stateStore.DeleteItemAsync(run.Staff.Id, key, cancellationToken);
    }

    /// <summary>
    /// After a full listing: every status the listing did not stamp belongs to an event that is gone from the window.
    /// A Google-origin block goes with it; one of our items is checked against Google by id and put back if needed.
    /// </summary>
    private async Task SweepAsync(SyncRun run, CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var page = await stateStore.ListItemsAsync(run.Staff.Id, continuation, options.PageSize, cancellationToken);
            foreach (var status in page.Items.Where(s => s.Epoch < run.Epoch))
            {
                if (IsGoogleBlock(status.Key))
                {
                    await RemoveGoogleBlockAsync(run, status.Key, status.EventId, cancellationToken);
                    continue;
                }

                var item = await data.GetItemAsync(run.Staff.Id, status.Key, cancellationToken);
                var current = await run.Calendar.GetEventAsync(status.EventId, cancellationToken);
                await ReconcileOwnEventAsync(run, status.Key, item, status, current, cancellationToken);
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);
    }

    /// <summary>
    /// After a page of an incremental listing: the blocks of every series the page changed are checked against the
    /// series' current instances. Google need not list the instances that a change to the whole series replaced (a
    /// series moved to another hour has its instances under new ids), and their blocks would otherwise stay forever.
    /// A full listing needs none of this: its sweep removes every block it did not see.
    /// </summary>
    private async Task CheckChangedSeriesAsync(SyncRun run, IReadOnlyList<CalendarEvent> page, CancellationToken cancellationToken)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var calendarEvent in page)
        {
            run.ListedEventIds.Add(calendarEvent.Id);
            if (calendarEvent.RecurringEventId is { } series && run.CheckedSeries.Add(series))
            {
                changed.Add(series);
            }
        }

        if (changed.Count == 0 || run.Connection.Direction == SyncDirection.PushOnly)
        {
            return;
        }

        // Blocks of those series that the listing has not named: the ones Google may have replaced silently.
        var unlisted = new List<ItemSyncStatus>();
        string? continuation = null;
        do
        {
            var statuses = await stateStore.ListItemsAsync(run.Staff.Id, continuation, options.PageSize, cancellationToken);
            unlisted.AddRange(statuses.Items.Where(status =>
                IsGoogleBlock(status.Key) && SeriesOf(status.EventId) is { } series && changed.Contains(series) &&
                !run.ListedEventIds.Contains(status.EventId)));
            continuation = statuses.Continuation;
        }
        while (continuation is not null);

        foreach (var series in unlisted.GroupBy(status => SeriesOf(status.EventId)!, StringComparer.Ordinal))
        {
            var current = await CurrentInstancesAsync(run, series.Key, cancellationToken);
            foreach (var status in series.Where(status => !current.Contains(status.EventId)))
            {
                await RemoveGoogleBlockAsync(run, status.Key, status.EventId, cancellationToken);
            }
        }
    }

    private async Task<HashSet<string>> CurrentInstancesAsync(SyncRun run, string series, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? pageToken = null;
        do
        {
            var page = await run.Calendar.ListInstancesAsync(
                series,
                new EventListRequest { TimeMin = run.Window.From, TimeMax = run.Window.To, PageToken = pageToken, MaxResults = options.PageSize },
                cancellationToken);
            ids.UnionWith(page.Items.Where(e => e.Status != EventStatus.Cancelled).Select(e => e.Id));
            pageToken = page.NextPageToken;
        }
        while (pageToken is not null);

        return ids;
    }

    private static bool IsGoogleBlock(ItemKey key) =>
        key.Kind == ItemKind.Block && key.Id.StartsWith(BlockedSlot.GoogleIdPrefix, StringComparison.Ordinal);

    // Google names an instance "<recurring event id>_<original start>".
    private static string? SeriesOf(string eventId) =>
        eventId.LastIndexOf('_') is > 0 and var at ? eventId[..at] : null;
}
