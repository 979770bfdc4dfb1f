using CalendarSync.Core.Data;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.History;

namespace CalendarSync.Core.Sync;

public sealed partial class StaffSync
{
    private const int MaxListingsPerRun = 3;

    /// <summary>
    /// Events a listing page asks for: a round trip per thousand events, the next page listed while this one is written.
    /// Google's largest page (2,500) saved little time beside that and took a third more memory (10,000 events: 5.8 s and 230 MB against 5.5 s and 202 MB).
    /// </summary>
    private const int ListingPageSize = 1000;

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
        if (full && !continuing && !run.EpochRaisedForListing)
        {
            // A new epoch for every full listing, saved before it starts: statuses stamped by a listing that died
            // must not pass for seen in the next one.
            await SaveStateAsync(run, run.State with { Epoch = run.State.Epoch + 1 }, cancellationToken);
        }

        run.EpochRaisedForListing = false;
        if (full)
        {
            // The listing names every event and its sweep visits every status: read them all once, a page of a
            // thousand a round trip, rather than one read per event.
            await LoadStatusesAsync(run, cancellationToken);
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
                MaxResults = ListingPageSize,
            }
            : IncrementalListing(state.GoogleSyncToken, state.PullPageToken);

        // The quiet check's page is the first page of this very listing (same token, no page token): applied, not listed again.
        var next = !full && request.PageToken is null && run.FirstPage is { } listed
            ? Task.FromResult(listed)
            : run.Calendar.ListEventsAsync(request, cancellationToken);
        run.FirstPage = null;
        while (true)
        {
            var page = await next;

            // The next page is listed while this one is written: a listing only reads, so a run that stops meanwhile
            // (its budget, a failure, a crash) loses nothing but that read.
            next = page.NextPageToken is { } following ? run.Calendar.ListEventsAsync(request with { PageToken = following }, cancellationToken) : next;
            var applied = false;
            try
            {
                await PullPageAsync(run, page.Items, full, cancellationToken);
                if (!full)
                {
                    await CheckChangedSeriesAsync(run, page.Items, cancellationToken);
                }

                applied = true;
            }
            finally
            {
                if (!applied)
                {
                    ObserveAbandoned(next);
                }
            }

            if (page.NextPageToken is not null)
            {
                request = request with { PageToken = page.NextPageToken };
                if (OverBudget(started))
                {
                    ObserveAbandoned(next);
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

    /// <summary>
    /// One listing page: the statuses of its events read at once, the blocks it changes written at once (statuses of new
    /// blocks first, then the blocks, then their statuses: see <see cref="BlockChanges"/>), and our own events that
    /// changed reconciled one by one after that, which is rare.
    /// </summary>
    /// <summary>A listing read ahead that the run no longer wants: its failure, if any, is nobody's to see.</summary>
    private static void ObserveAbandoned(Task<EventPage> listing) =>
        listing.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    // showDeleted: Google refuses showDeleted=false with a sync token, and wants a token's other parameters to be those
    // of the listing that issued it.
    private static EventListRequest IncrementalListing(string? syncToken, string? pageToken) =>
        new() { SyncToken = syncToken, ShowDeleted = true, PageToken = pageToken, MaxResults = ListingPageSize };

    private async Task PullPageAsync(SyncRun run, IReadOnlyList<CalendarEvent> events, bool full, CancellationToken cancellationToken)
    {
        var keys = new List<ItemKey>(events.Count * 2);
        foreach (var calendarEvent in events)
        {
            keys.Add(BlockedSlot.KeyForGoogleEvent(calendarEvent.Id));
            if (EventIds.TryDecode(calendarEvent.Id, out var key))
            {
                keys.Add(key);
            }
        }

        var statuses = await StatusesAsync(run, keys, cancellationToken);
        var changes = new BlockChanges();
        var changedOwnEvents = new List<(ItemKey Key, ItemSyncStatus? Status, CalendarEvent Event)>();
        foreach (var calendarEvent in events)
        {
            if (!EventIds.TryDecode(calendarEvent.Id, out var key))
            {
                await PlanForeignEventAsync(run, calendarEvent, full, statuses, changes, cancellationToken);
                continue;
            }

            var status = statuses.GetValueOrDefault(key);
            if (EventIds.OwnKey(calendarEvent) is null)
            {
                await PlanForeignEventWithOurIdAsync(run, key, status, calendarEvent, full, statuses, changes, cancellationToken);
                continue;
            }

            if (calendarEvent.Status == EventStatus.Cancelled && status is null)
            {
                // A deleted event under one of our ids that no status of ours vouches for: our own delete coming back, or
                // a foreign event with such an id gone. Nothing to put back (we cannot show it was ours); a block it made
                // as a foreign event goes with it.
                if (statuses.GetValueOrDefault(BlockedSlot.KeyForGoogleEvent(calendarEvent.Id)) is { } block)
                {
                    await PlanBlockRemovalAsync(run, block, "the event was deleted in Google", changes, cancellationToken);
                }

                continue;
            }

            if (status is not null && status.ETag == calendarEvent.ETag)
            {
                // Our own write coming back, or (in a full listing) an event that is as we left it.
                if (full && status.Epoch != run.Epoch)
                {
                    changes.After.Add(ItemStatusWrite.Save(status with { Epoch = run.Epoch }));
                }

                continue;
            }

            changedOwnEvents.Add((key, status, calendarEvent));
        }

        await ApplyAsync(run, changes, cancellationToken);
        foreach (var (key, status, calendarEvent) in changedOwnEvents)
        {
            var item = await data.GetItemAsync(run.Staff.Id, key, cancellationToken);
            await ReconcileOwnEventAsync(run, key, item, status, calendarEvent, cancellationToken);
        }
    }

    /// <summary>
    /// A live event with an id of our form but without our key property: someone chose that id (another app, or the
    /// organiser of an invitation). It is foreign, mirrored like any other event and never updated or deleted; the
    /// conflict says which item's id it holds. A status we kept for that item goes: the event under the item's id is
    /// not ours now, and its deletion later must not read as ours to put back.
    /// </summary>
    private async Task PlanForeignEventWithOurIdAsync(
        SyncRun run, ItemKey key, ItemSyncStatus? status, CalendarEvent calendarEvent, bool full,
        IReadOnlyDictionary<ItemKey, ItemSyncStatus> statuses, BlockChanges changes, CancellationToken cancellationToken)
    {
        run.Conflict(ForeignEventHoldsTheId(key));
        if (status is not null)
        {
            changes.Before.Add(ItemStatusWrite.Delete(key) with
            {
                History = Entry(key, ItemHistoryAction.Skipped, calendarEvent.Id, ForeignEventHoldsTheId(key).What),
            });
        }

        await PlanForeignEventAsync(run, calendarEvent, full, statuses, changes, cancellationToken);
    }

    private async Task PlanForeignEventAsync(
        SyncRun run, CalendarEvent calendarEvent, bool full, IReadOnlyDictionary<ItemKey, ItemSyncStatus> statuses, BlockChanges changes,
        CancellationToken cancellationToken)
    {
        if (run.Connection.Direction == SyncDirection.PushOnly)
        {
            run.Skip(SkipReason.Direction);
            return;
        }

        var key = BlockedSlot.KeyForGoogleEvent(calendarEvent.Id);
        var status = statuses.GetValueOrDefault(key);
        var period = EventRendering.Blocks(calendarEvent, options.InvitationsBlock) ? EventRendering.PeriodOf(calendarEvent) : null;
        var inWindow = period?.Overlaps(run.Window.From, run.Window.To, run.Staff.TimeZone) == true;
        if (period is not null && inWindow)
        {
            if (status is not null && status.ETag == calendarEvent.ETag)
            {
                if (full && status.Epoch != run.Epoch)
                {
                    changes.Stamps.Add(calendarEvent.Id);
                }

                return;
            }

            // The block and its status in one write: a run that dies before it leaves neither, and the next listing
            // names the event again; after it, both.
            var version = (status?.LocalVersion ?? 0) + 1;
            var summary = EventRendering.BlockSummary(calendarEvent);
            changes.Blocks.Add(GoogleBlockWrite.Upsert(calendarEvent.Id, period, summary, version) with
            {
                History = status?.ETag is null
                    ? Entry(key, ItemHistoryAction.BlockImported, calendarEvent.Id, $"imported from the Google event \"{summary}\" ({period})")
                    : Entry(key, ItemHistoryAction.BlockUpdated, calendarEvent.Id, $"its Google event \"{summary}\" changed ({period})"),
                Status = new ItemSyncStatus(key, version, calendarEvent.Id, calendarEvent.ETag, calendarEvent.Updated, run.Epoch),
            });
            run.Imported++;
            return;
        }

        if (status is null)
        {
            run.Skip(period is null ? SkipReason.NotBlocking : SkipReason.OutsideWindow);
            return;
        }

        await PlanBlockRemovalAsync(run, status, period is null ? WhyNotBlocking(calendarEvent) : "the event moved out of the synced window", changes, cancellationToken);
    }

    /// <summary>Why a Google event stopped making a block, in the words the block's history shows.</summary>
    private string WhyNotBlocking(CalendarEvent calendarEvent) => calendarEvent switch
    {
        { Status: EventStatus.Cancelled } => "the event was deleted in Google",
        { SelfResponse: AttendeeResponse.Declined } => "the staff member declined the event",
        { Transparency: not EventTransparency.Opaque } => "the event is marked free",
        { EventType: EventType.WorkingLocation } => "the event is a working location",
        _ when !EventRendering.Blocks(calendarEvent, InvitationsBlock.Any) => "the event has no time the sync can read",
        _ => $"the invitation is not accepted (Sync__InvitationsBlock is {options.InvitationsBlock})",
    };

    /// <summary>The block goes with its status, in one write.</summary>
    private async Task PlanBlockRemovalAsync(SyncRun run, ItemSyncStatus status, string reason, BlockChanges changes, CancellationToken cancellationToken)
    {
        await ReserveDeleteAsync(run, cancellationToken);
        changes.Blocks.Add(GoogleBlockWrite.Delete(status.EventId) with
        {
            History = Entry(status.Key, ItemHistoryAction.BlockRemoved, status.EventId, reason),
        });
        run.BlocksRemoved++;
    }

    /// <summary>Writes a page's changes in their crash-safe order (see <see cref="BlockChanges"/>).</summary>
    private static async Task ApplyAsync(SyncRun run, BlockChanges changes, CancellationToken cancellationToken)
    {
        await WriteStatusesAsync(run, changes.Before, cancellationToken);
        if (changes.Blocks.Count > 0)
        {
            await run.Writes.WriteBlocksAsync(run.Staff.Id, changes.Blocks, cancellationToken);
            if (run.KnownStatuses is { } known)
            {
                foreach (var block in changes.Blocks)
                {
                    var key = BlockedSlot.KeyForGoogleEvent(block.GoogleEventId);
                    if (block.Status is { } status)
                    {
                        known[key] = status;
                    }
                    else
                    {
                        known.Remove(key);
                    }
                }
            }
        }

        if (changes.Stamps.Count > 0)
        {
            await run.Writes.StampBlocksAsync(run.Staff.Id, run.Epoch, changes.Stamps, cancellationToken);
            if (run.KnownStatuses is { } known)
            {
                foreach (var eventId in changes.Stamps)
                {
                    var key = BlockedSlot.KeyForGoogleEvent(eventId);
                    if (known.TryGetValue(key, out var status))
                    {
                        known[key] = status with { Epoch = run.Epoch };
                    }
                }
            }
        }

        await WriteStatusesAsync(run, changes.After, cancellationToken);
    }

    /// <summary>
    /// After a full listing: every status the listing did not stamp belongs to an event that is gone from the window.
    /// A Google-origin block goes with it; one of our items is checked against Google by id and put back if needed.
    /// </summary>
    private async Task SweepAsync(SyncRun run, CancellationToken cancellationToken)
    {
        // The full listing loaded every status and kept them current.
        var unseen = run.KnownStatuses!.Values.Where(s => s.Epoch < run.Epoch).OrderBy(s => s.Key.ToString(), StringComparer.Ordinal).ToList();
        var changes = new BlockChanges();
        foreach (var status in unseen.Where(s => IsGoogleBlock(s.Key)))
        {
            await PlanBlockRemovalAsync(run, status, "the event is gone from Google (a full listing did not name it)", changes, cancellationToken);
        }

        await ApplyAsync(run, changes, cancellationToken);
        foreach (var status in unseen.Where(s => !IsGoogleBlock(s.Key)))
        {
            var item = await data.GetItemAsync(run.Staff.Id, status.Key, cancellationToken);
            var current = await run.Calendar.GetEventAsync(status.EventId, cancellationToken);
            await ReconcileOwnEventAsync(run, status.Key, item, status, current, cancellationToken);
        }
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
        await LoadStatusesAsync(run, cancellationToken);
        var unlisted = run.KnownStatuses!.Values.Where(status =>
            IsGoogleBlock(status.Key) && SeriesOf(status.EventId) is { } series && changed.Contains(series) &&
            !run.ListedEventIds.Contains(status.EventId)).ToList();

        var changes = new BlockChanges();
        foreach (var series in unlisted.GroupBy(status => SeriesOf(status.EventId)!, StringComparer.Ordinal))
        {
            var current = await CurrentInstancesAsync(run, series.Key, cancellationToken);
            foreach (var status in series.Where(status => !current.Contains(status.EventId)))
            {
                await PlanBlockRemovalAsync(run, status, "its recurring event changed in Google and no longer has this instance", changes, cancellationToken);
            }
        }

        await ApplyAsync(run, changes, cancellationToken);
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
