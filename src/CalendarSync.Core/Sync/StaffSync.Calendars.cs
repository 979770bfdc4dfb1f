using CalendarSync.Core.Calendar;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.History;

namespace CalendarSync.Core.Sync;

/// <summary>
/// A staff member's calendars besides the one our events are in. The other calendars read in full (the primary when our
/// events are elsewhere, the write calendar while they move there, and those chosen) each keep their own sync token
/// (<see cref="SyncState.CalendarTokens"/>): a run lists each from its token, and each event that blocks time is a block
/// (<see cref="BlockedSlot.OtherCalendarEventId"/>), with its title as the primary's blocks have it. A calendar listed
/// from no token (the first time, after a 410, after a full resync) has its blocks brought in line with the listing; one
/// that is no longer read, or that Google no longer has for them, takes its blocks with it. These calendars hold none of
/// our events, so a block and its event are all there is: no status is kept, and writing a block twice is harmless.
/// </summary>
public sealed partial class StaffSync
{
    /// <summary>Blocks read one by one, at once, for a page of another calendar's changes; past this, they are listed.</summary>
    private const int PointReadsAtOnce = 20;

    /// <summary>
    /// The connection as the staff member's calendar list has it (<see cref="ListedCalendars"/>): one call to Google a run,
    /// made only for a connection that chose calendars besides the primary (nothing else tells a run that the staff member
    /// unsubscribed from one: Google still answers for it).
    /// </summary>
    private static async Task<ListedCalendars> ListedAsync(CalendarConnection connection, ICalendar calendar, CancellationToken cancellationToken)
    {
        if (connection.Direction == SyncDirection.PushOnly || (connection.ReadCalendars.IsEmpty && connection.BusyCalendars.IsEmpty))
        {
            return ListedCalendars.Every(connection);
        }

        var onList = (await calendar.ListCalendarsAsync(cancellationToken)).Select(entry => entry.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        bool Unlisted(string id) => !onList.Contains(id);
        var unlisted = connection.ReadCalendars.Ids.Concat(connection.BusyCalendars.Ids).Where(Unlisted).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return unlisted.Count == 0
            ? ListedCalendars.Every(connection)
            : new ListedCalendars(
                connection with { ReadCalendars = connection.ReadCalendars.Except(Unlisted), BusyCalendars = connection.BusyCalendars.Except(Unlisted) },
                unlisted);
    }

    /// <summary>The run goes on with the connection as the calendar list has it: the quiet check's reading, or its own.</summary>
    private static async Task ListCalendarsAsync(SyncRun run, ListedCalendars? read, CancellationToken cancellationToken)
    {
        var stage = run.Stage;
        run.Stage = SyncStage.Pull;
        run.Listed = read ?? await ListedAsync(run.Connection, run.Primary, cancellationToken);
        run.Connection = run.Listed.Connection;
        run.Note ??= run.Listed.Note;
        run.Stage = stage;
    }

    /// <summary>The calendars read in full besides the one our events are in; none when nothing is pulled.</summary>
    private static List<string> OtherCalendarsRead(CalendarConnection connection, SyncState state) =>
        connection.Direction == SyncDirection.PushOnly
            ? []
            : [.. connection.FullyReadCalendars.Where(id => !SameCalendar(id, EventsCalendarId(connection, state)))];

    /// <summary>Whether the other calendars read in full have nothing new: each listed once from its token, and none to drop.</summary>
    private static async Task<bool> OtherCalendarsQuietAsync(
        CalendarConnection connection, ICalendar primary, SyncState state, CancellationToken cancellationToken)
    {
        var read = OtherCalendarsRead(connection, state);
        if (state.CalendarTokens.CalendarIds.Any(id => !read.Contains(id, StringComparer.OrdinalIgnoreCase)))
        {
            return false;
        }

        foreach (var id in read)
        {
            if (state.CalendarTokens.TokenOf(id) is not { } token)
            {
                return false;
            }

            try
            {
                var page = await primary.OnCalendar(id).ListEventsAsync(IncrementalListing(token, pageToken: null), cancellationToken);
                if (page.Items.Count > 0 || page.NextPageToken is not null)
                {
                    return false;
                }
            }
            catch (Exception ex) when (ex is FullResyncRequiredException or CalendarNotFoundException)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Lists each other calendar read in full from its token and brings its blocks in line; false when the budget stopped it.</summary>
    private async Task<bool> ReadOtherCalendarsAsync(SyncRun run, long started, CancellationToken cancellationToken)
    {
        foreach (var calendarId in OtherCalendarsRead(run.Connection, run.State))
        {
            if (OverBudget(started))
            {
                return false;
            }

            run.Stage = SyncStage.Pull;
            var calendar = run.Primary.OnCalendar(calendarId);
            try
            {
                if (run.State.CalendarTokens.TokenOf(calendarId) is { } token)
                {
                    try
                    {
                        await ReadChangesAsync(run, calendar, calendarId, token, cancellationToken);
                        continue;
                    }
                    catch (FullResyncRequiredException)
                    {
                        // Google forgot our position (410): listed in full below, its blocks brought in line.
                    }
                }

                await ReadInFullAsync(run, calendar, calendarId, cancellationToken);
            }
            catch (CalendarNotFoundException)
            {
                await RemoveCalendarBlocksAsync(run, calendarId, "the calendar is gone from Google, or no longer shared with the staff member", cancellationToken);
                await SaveStateAsync(run, run.State with { CalendarTokens = run.State.CalendarTokens.Without(calendarId) }, cancellationToken);
                run.Note ??= $"Google no longer has the calendar {calendarId} for the staff member (deleted, unshared or unsubscribed): its events no longer block time.";
            }
        }

        return true;
    }

    /// <summary>After the pull: the blocks of calendars no longer read go (the pull read the new ones first, so no time goes unblocked).</summary>
    private async Task<bool> DropCalendarsNoLongerReadAsync(SyncRun run, CancellationToken cancellationToken)
    {
        var read = OtherCalendarsRead(run.Connection, run.State);
        foreach (var calendarId in run.State.CalendarTokens.CalendarIds.Where(id => !read.Contains(id, StringComparer.OrdinalIgnoreCase)).ToList())
        {
            var reason = run.Listed?.IsUnlisted(calendarId) == true
                ? "the calendar is no longer on the staff member's calendar list (unsubscribed, unshared or deleted)"
                : "the calendar is no longer read in full";
            await RemoveCalendarBlocksAsync(run, calendarId, reason, cancellationToken);
            await SaveStateAsync(run, run.State with { CalendarTokens = run.State.CalendarTokens.Without(calendarId) }, cancellationToken);
        }

        return true;
    }

    private async Task ReadChangesAsync(SyncRun run, ICalendar calendar, string calendarId, string token, CancellationToken cancellationToken)
    {
        var request = IncrementalListing(token, pageToken: null);
        Dictionary<ItemKey, BlockedSlot>? all = null;
        while (true)
        {
            var page = await calendar.ListEventsAsync(request, cancellationToken);
            var keys = page.Items.Select(calendarEvent => BlockedSlot.KeyForGoogleEvent(BlockedSlot.OtherCalendarEventId(calendarId, calendarEvent.Id))).ToList();

            // A few changes: a point read each, at once; more: the calendar's blocks listed once for the whole listing.
            if (all is null && keys.Count > PointReadsAtOnce)
            {
                all = await CalendarBlocksAsync(run, calendarId, cancellationToken);
            }

            var stored = all is not null
                ? [.. keys.Select(key => all.GetValueOrDefault(key))]
                : (await Task.WhenAll(keys.Select(key => data.GetItemAsync(run.Staff.Id, key, cancellationToken))))
                    .Select(item => item is BlockedSlot { IsDeleted: false } block ? block : null).ToList();
            var writes = new List<GoogleBlockWrite>();
            for (var i = 0; i < page.Items.Count; i++)
            {
                PlanBlock(run, calendarId, page.Items[i].Id, BlockOf(run, page.Items[i]), stored[i], writes);
            }

            await WriteCalendarBlocksAsync(run, writes, cancellationToken);
            foreach (var write in writes.Where(_ => all is not null))
            {
                // The listed blocks kept as written, for an event a later page names again.
                var id = BlockedSlot.IdForGoogleEvent(write.GoogleEventId);
                if (write.Period is { } period)
                {
                    all![new ItemKey(ItemKind.Block, id)] = new BlockedSlot(id, run.Staff.Id, period, BlockOrigin.Google, write.Summary, write.GoogleEventId, write.Version);
                }
                else
                {
                    all!.Remove(new ItemKey(ItemKind.Block, id));
                }
            }
            if (page.NextPageToken is { } next)
            {
                request = request with { PageToken = next };
                continue;
            }

            await SaveStateAsync(run, run.State with { CalendarTokens = run.State.CalendarTokens.With(calendarId, page.NextSyncToken) }, cancellationToken);
            return;
        }
    }

    private async Task ReadInFullAsync(SyncRun run, ICalendar calendar, string calendarId, CancellationToken cancellationToken)
    {
        var wanted = new Dictionary<string, (Period Period, string? Summary)>(StringComparer.Ordinal);
        var request = new EventListRequest { TimeMin = run.Window.From, TimeMax = run.Window.To, ShowDeleted = true, MaxResults = ListingPageSize };
        EventPage page;
        do
        {
            page = await calendar.ListEventsAsync(request, cancellationToken);
            foreach (var calendarEvent in page.Items)
            {
                if (BlockOf(run, calendarEvent) is { } block)
                {
                    wanted[calendarEvent.Id] = block;
                }
            }

            request = request with { PageToken = page.NextPageToken };
        }
        while (page.NextPageToken is not null);

        var stored = await CalendarBlocksAsync(run, calendarId, cancellationToken);
        var writes = new List<GoogleBlockWrite>();
        foreach (var (eventId, block) in wanted)
        {
            PlanBlock(run, calendarId, eventId, block, stored.GetValueOrDefault(BlockedSlot.KeyForGoogleEvent(BlockedSlot.OtherCalendarEventId(calendarId, eventId))), writes);
        }

        var keep = wanted.Keys.Select(eventId => BlockedSlot.KeyForGoogleEvent(BlockedSlot.OtherCalendarEventId(calendarId, eventId))).ToHashSet();
        foreach (var gone in stored.Values.Where(block => !keep.Contains(block.Key)))
        {
            writes.Add(GoogleBlockWrite.Delete(gone.GoogleEventId!) with
            {
                History = Entry(gone.Key, ItemHistoryAction.BlockRemoved, null, $"a full listing of the calendar {calendarId} no longer has an event that blocks this time"),
            });
        }

        await WriteCalendarBlocksAsync(run, writes, cancellationToken);
        await SaveStateAsync(run, run.State with { CalendarTokens = run.State.CalendarTokens.With(calendarId, page.NextSyncToken) }, cancellationToken);
    }

    /// <summary>The block an event of another calendar makes: its time and title, or null when it blocks nothing in the window.</summary>
    private (Period Period, string? Summary)? BlockOf(SyncRun run, CalendarEvent calendarEvent)
    {
        // Our own events are the items' (this staff member's, moving; or a colleague's in a calendar they share), never blocks.
        return EventIds.OwnKey(calendarEvent) is null && EventRendering.Blocks(calendarEvent, options.InvitationsBlock) && EventRendering.PeriodOf(calendarEvent) is { } period &&
            period.Overlaps(run.Window.From, run.Window.To, run.Staff.TimeZone)
            ? (period, EventRendering.BlockSummary(calendarEvent))
            : null;
    }

    /// <summary>The write that brings one block in line with its event (<paramref name="block"/>: null when it blocks nothing), if any.</summary>
    private void PlanBlock(
        SyncRun run, string calendarId, string eventId, (Period Period, string? Summary)? block, BlockedSlot? stored, List<GoogleBlockWrite> writes)
    {
        var standIn = BlockedSlot.OtherCalendarEventId(calendarId, eventId);
        var key = BlockedSlot.KeyForGoogleEvent(standIn);
        if (block is not { } wanted)
        {
            if (stored is not null)
            {
                writes.Add(GoogleBlockWrite.Delete(standIn) with
                {
                    History = Entry(key, ItemHistoryAction.BlockRemoved, eventId, $"its event in the calendar {calendarId} no longer blocks this time"),
                });
            }

            return;
        }

        if (stored is not null && stored.Period == wanted.Period && stored.Summary == wanted.Summary)
        {
            return;
        }

        writes.Add(GoogleBlockWrite.Upsert(standIn, wanted.Period, wanted.Summary, (stored?.Version ?? 0) + 1) with
        {
            History = stored is null
                ? Entry(key, ItemHistoryAction.BlockImported, eventId, $"imported from the event \"{wanted.Summary}\" of the calendar {calendarId} ({wanted.Period})")
                : Entry(key, ItemHistoryAction.BlockUpdated, eventId, $"its event in the calendar {calendarId} changed ({wanted.Period})"),
        });
    }

    private static async Task WriteCalendarBlocksAsync(SyncRun run, List<GoogleBlockWrite> writes, CancellationToken cancellationToken)
    {
        if (writes.Count == 0)
        {
            return;
        }

        await run.Writes.WriteBlocksAsync(run.Staff.Id, writes, cancellationToken);
        var removed = writes.Count(write => write.Period is null);
        run.BlocksRemoved += removed;
        run.Imported += writes.Count - removed;
    }

    /// <summary>The stored blocks of one other calendar's events, by key.</summary>
    private async Task<Dictionary<ItemKey, BlockedSlot>> CalendarBlocksAsync(SyncRun run, string calendarId, CancellationToken cancellationToken)
    {
        var prefix = BlockedSlot.OtherCalendarBlockPrefix(calendarId);
        var blocks = new Dictionary<ItemKey, BlockedSlot>();
        string? continuation = null;
        do
        {
            var page = await data.ListGoogleBlocksAsync(run.Staff.Id, continuation, StatusListPageSize, cancellationToken);
            foreach (var block in page.Items.OfType<BlockedSlot>().Where(b => !b.IsDeleted && b.Id.StartsWith(prefix, StringComparison.Ordinal)))
            {
                blocks[block.Key] = block;
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);

        return blocks;
    }

    private async Task RemoveCalendarBlocksAsync(SyncRun run, string calendarId, string reason, CancellationToken cancellationToken)
    {
        var stored = await CalendarBlocksAsync(run, calendarId, cancellationToken);
        await WriteCalendarBlocksAsync(run, [.. stored.Values.Select(block => GoogleBlockWrite.Delete(block.GoogleEventId!) with
        {
            History = Entry(block.Key, ItemHistoryAction.BlockRemoved, null, reason),
        })], cancellationToken);
    }
}
