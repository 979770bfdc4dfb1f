using CalendarSync.Core.Calendar;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.History;
using CalendarSync.Core.Runs;

namespace CalendarSync.Core.Sync;

/// <summary>
/// One staff member's two-way sync: push local changes, pull Google's, save state. Every write is followed at once
/// by the status that records it, and the feed positions (watermark, sync token) are saved only after the writes
/// they cover, so a run stopped between any two calls is finished by the next one without duplicates or losses.
/// </summary>
public sealed partial class StaffSync(
    IAppointmentData data, ISyncStateStore stateStore, TimeProvider time, StaffSyncOptions options, EventRendering rendering)
{
    /// <summary>A run's lease outlasts its time budget by this much: the last page and the bookkeeping after it.</summary>
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromMinutes(1);

    /// <summary>Table Storage's largest query page.</summary>
    private const int StatusListPageSize = 1000;

    private readonly TimeZoneInfo _businessZone = StaffTimeZone.Find(options.BusinessTimeZone);

    public Task<SyncRunResult> RunAsync(
        StaffMember staff, CalendarConnection connection, ICalendar calendar, CancellationToken cancellationToken) =>
        RunAsync(staff, connection, calendar, allowMassDelete: false, cancellationToken);

    /// <summary>
    /// A run that reads the staff member's control row and the change feed's head itself, then goes on as
    /// <see cref="RunAsync(StaffMember, CalendarConnection, ICalendar, SyncControl, bool, bool, TimeSpan, Func{CancellationToken, Task{bool}}, CancellationToken)"/>;
    /// <see cref="InvalidOperationException"/> while another holds the lease. The mass-delete brake is overridden when
    /// <paramref name="allowMassDelete"/>: an operator checked that the deletes are meant.
    /// </summary>
    public async Task<SyncRunResult> RunAsync(
        StaffMember staff, CalendarConnection connection, ICalendar calendar, bool allowMassDelete, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        SyncControl control;
        bool localChanges;
        try
        {
            (control, localChanges) = await ReadStartAsync(staff.Id, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var failed = SyncRunResult.EndedEarly(staff.Id, SyncOutcome.Failed, time.GetUtcNow(), ex.Message);
            throw new SyncException(SyncStage.LoadState, failed, ex);
        }

        // Longer than the run may take, as the queue's lease must be (Sync__LeaseDuration, checked against the budget at start).
        return await RunAsync(staff, connection, calendar, control, localChanges, allowMassDelete, options.RunTimeBudget + LeaseMargin, stillCurrent: null, cancellationToken)
            ?? throw new InvalidOperationException($"A sync of staff member {staff.Id} holds the lease.");
    }

    /// <summary>The control row and whether the change feed has anything after its watermark, both read in one round trip.</summary>
    private async Task<(SyncControl Control, bool LocalChanges)> ReadStartAsync(string staffId, CancellationToken cancellationToken)
    {
        var control = stateStore.GetControlAsync(staffId, cancellationToken);
        var head = data.ReadFeedHeadAsync(staffId, sharedFeedMayLag: false, cancellationToken);
        await Task.WhenAll(control, head);
        return (await control, (await head).IsAfter((await control).State.LocalWatermark));
    }

    /// <summary>
    /// A run from the control row read (<paramref name="control"/>) and whether the change feed has anything after its
    /// watermark (<paramref name="localChanges"/>). When neither side changed (<see cref="CheckAsync"/>) it is quiet: it
    /// listed Google once, takes no lease and writes nothing. Otherwise it takes the lease for <paramref name="leaseDuration"/>
    /// at the version read and runs; null when that lease is refused (another run, a disconnect or a reset got in since the read).
    /// Once the lease is held, <paramref name="stillCurrent"/> (when given) checks what the caller read beside the control
    /// row, the connection, against what it is now; false gives the lease back and answers null, before anything is written.
    /// </summary>
    public async Task<SyncRunResult?> RunAsync(
        StaffMember staff, CalendarConnection connection, ICalendar calendar, SyncControl control, bool localChanges, bool allowMassDelete,
        TimeSpan leaseDuration, Func<CancellationToken, Task<bool>>? stillCurrent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        ArgumentNullException.ThrowIfNull(control);
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        QuietCheck check;
        try
        {
            check = await CheckAsync(staff, connection, calendar, control.State, localChanges, cancellationToken);
        }
        catch (CalendarGrantRevokedException ex)
        {
            return SyncRunResult.EndedEarly(staff.Id, SyncOutcome.ReauthRequired, startedAt, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var failed = SyncRunResult.EndedEarly(staff.Id, SyncOutcome.Failed, startedAt, ex.Message);
            throw new SyncException(SyncStage.Pull, failed, ex);
        }

        if (check.IsQuiet)
        {
            return new SyncRunResult
            {
                StaffId = staff.Id, Outcome = SyncOutcome.Succeeded, StartedAt = startedAt, Duration = time.GetElapsedTime(started), Quiet = true,
                Message = NotGrantedNote(check.BusyAnswer) ?? check.Listed?.Note,
            };
        }

        var lease = await stateStore.TryAcquireAsync(control, leaseDuration, cancellationToken);
        if (lease is null || !await StillCurrentAsync(lease))
        {
            return null;
        }

        return await RunAsync(staff, connection, calendar, new SyncStart(lease, control.State)
        {
            FirstPage = check.FirstPage, BusyAnswer = check.BusyAnswer, Listed = check.Listed, AllowMassDelete = allowMassDelete,
        },
                cancellationToken);

        async Task<bool> StillCurrentAsync(SyncLease held)
        {
            bool current;
            try
            {
                current = stillCurrent is null || await stillCurrent(cancellationToken);
            }
            catch (Exception ex)
            {
                await stateStore.ReleaseAsync(held, CancellationToken.None);
                if (ex is OperationCanceledException)
                {
                    throw;
                }

                throw new SyncException(SyncStage.LoadState, SyncRunResult.EndedEarly(staff.Id, SyncOutcome.Failed, startedAt, ex.Message), ex);
            }

            if (!current)
            {
                await stateStore.ReleaseAsync(held, CancellationToken.None);
            }

            return current;
        }
    }

    /// <summary>
    /// Whether a run would do nothing, found without writing anything: no local change (<paramref name="localChanges"/>,
    /// from the change feed's head), the window's edge where the last push left it, no re-rendering due, and Google's
    /// listing from the saved token empty. Answers Google's page when it listed one, for the run that follows to apply rather than list again.
    /// </summary>
    private async Task<QuietCheck> CheckAsync(
        StaffMember staff, CalendarConnection connection, ICalendar calendar, SyncState state, bool localChanges, CancellationToken cancellationToken)
    {
        var pushes = connection.Direction != SyncDirection.PullOnly;
        if (state.GoogleSyncToken is null || state.PullPageToken is not null || MoveDue(connection, state)
            || (pushes && (localChanges || state.WindowEnd is not { } edge || edge < WindowFor(staff.TimeZone).To || RerenderDue(state))))
        {
            return new QuietCheck(false, null);
        }

        EventPage page;
        try
        {
            page = await EventsCalendar(calendar, connection, state).ListEventsAsync(IncrementalListing(state.GoogleSyncToken, pageToken: null), cancellationToken);
        }
        catch (FullResyncRequiredException)
        {
            return new QuietCheck(false, null);
        }

        if (page.Items.Count > 0 || page.NextPageToken is not null)
        {
            return new QuietCheck(false, page);
        }

        // The calendars chosen besides the primary, as far as they are still on the staff member's calendar list.
        var listed = await ListedAsync(connection, calendar, cancellationToken);

        // The other calendars read in full: each listed from its own token.
        if (!await OtherCalendarsQuietAsync(listed.Connection, calendar, state, cancellationToken))
        {
            return new QuietCheck(false, page) { Listed = listed };
        }

        // The calendars read as busy times have no sync token: their free/busy, one call, is quiet when it matches the last.
        if (BusyCalendarsRead(listed.Connection).IsEmpty && state.BusyFingerprint is null)
        {
            return new QuietCheck(true, page) { Listed = listed };
        }

        var busy = await AskBusyTimesAsync(listed.Connection, calendar, WindowFor(staff.TimeZone), cancellationToken);
        return new QuietCheck(BusyFingerprint(busy) == state.BusyFingerprint, page, busy) { Listed = listed };
    }

    /// <summary>A run under the lease <paramref name="start"/> holds, which it gives back at the end, however it ends.</summary>
    public Task<SyncRunResult> RunAsync(
        StaffMember staff, CalendarConnection connection, ICalendar calendar, SyncStart start, CancellationToken cancellationToken) =>
        RunAsync(staff, connection, calendar, start, new StoreSyncWrites(data, stateStore), cancellationToken);

    /// <summary>
    /// What a run would write now, on either side, found by running the engine on the state as stored with every write
    /// recorded instead of made (<see cref="DryRunWrites"/>): it takes no lease, and writes nothing to Google, the appointment
    /// data or the sync state. Google is read as a run reads it. A quiet staff member's plan is empty.
    /// </summary>
    public async Task<SyncPlan> PlanAsync(StaffMember staff, CalendarConnection connection, ICalendar calendar, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        var (control, localChanges) = await ReadStartAsync(staff.Id, cancellationToken);
        var check = await CheckAsync(staff, connection, calendar, control.State, localChanges, cancellationToken);
        var writes = new DryRunWrites(time);
        if (check.IsQuiet)
        {
            return writes.ToPlan(new SyncRunResult { StaffId = staff.Id, Outcome = SyncOutcome.Succeeded, StartedAt = time.GetUtcNow(), Quiet = true });
        }

        var lease = new SyncLease(staff.Id, "dry-run", time.GetUtcNow() + options.RunTimeBudget, control.Version ?? string.Empty);
        var result = await RunAsync(
            staff, connection, calendar, new SyncStart(lease, control.State) { FirstPage = check.FirstPage, BusyAnswer = check.BusyAnswer, Listed = check.Listed }, writes,
            cancellationToken);
        return writes.ToPlan(result);
    }

    private async Task<SyncRunResult> RunAsync(
        StaffMember staff, CalendarConnection connection, ICalendar calendar, SyncStart start, ISyncWrites writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(start);
        if (connection.StaffId != staff.Id || start.Lease.StaffId != staff.Id)
        {
            throw new ArgumentException($"Connection of {connection.StaffId} given for staff member {staff.Id}.", nameof(connection));
        }

        var started = time.GetTimestamp();
        var run = new SyncRun(staff, connection, calendar, WindowFor(staff.TimeZone), start.AllowMassDelete, time.GetUtcNow())
        {
            Lease = start.Lease,
            Writes = writes,
            State = WithFirstRendering(start.State),
            FirstPage = start.FirstPage,
            BusyAnswer = start.BusyAnswer,
        };
        run.Calendar = EventsCalendar(calendar, connection, run.State);
        try
        {
            await ListCalendarsAsync(run, start.Listed, cancellationToken);
            var paused = WritesPaused(run);
            var complete = (paused || await MoveEventsAsync(run, started, cancellationToken))
                && await BeginAsync(run, cancellationToken)
                && await ReadOtherCalendarsAsync(run, started, cancellationToken)
                && (paused || await PushAsync(run, started, cancellationToken))
                && await PullAsync(run, started, cancellationToken)
                && await DropCalendarsNoLongerReadAsync(run, cancellationToken)
                && await ReadBusyTimesAsync(run, cancellationToken)
                && (paused || !run.MovedAppointments || await PushAsync(run, started, cancellationToken))
                && (paused || await RerenderAsync(run, started, cancellationToken));
            return paused ? PausedResult(run, started)
                : run.ToResult(complete ? SyncOutcome.Succeeded : SyncOutcome.Partial, time.GetElapsedTime(started),
                    complete ? null : run.StopReason ?? "The time budget ran out; the next run continues.");
        }
        catch (CalendarUsageLimitedException ex)
        {
            return await PauseWritesAsync(run, started, ex, cancellationToken);
        }
        catch (CalendarGrantRevokedException ex)
        {
            return run.ToResult(SyncOutcome.ReauthRequired, time.GetElapsedTime(started), ex.Message);
        }
        catch (CalendarNotWritableException ex)
        {
            return run.ToResult(SyncOutcome.CalendarNotWritable, time.GetElapsedTime(started), ex.Message);
        }
        catch (MassDeleteBrakeException ex)
        {
            return run.ToResult(SyncOutcome.MassDeleteBlocked, time.GetElapsedTime(started), ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new SyncException(run.Stage, run.ToResult(SyncOutcome.Failed, time.GetElapsedTime(started), ex.Message), ex);
        }
        finally
        {
            // Given back even when the run failed: the next try need not wait for it to expire. A lease lost meanwhile
            // is someone else's, and the release changes nothing.
            await run.Writes.ReleaseAsync(run.Lease, CancellationToken.None);
        }
    }

    /// <summary>The window for a staff member today: local midnights, so a day is whole on either edge.</summary>
    public SyncWindow WindowFor(TimeZoneInfo staffZone)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), staffZone).DateTime);
        return new SyncWindow(
            Period.StartOfDay(today.AddDays(-options.WindowPastDays), staffZone),
            Period.StartOfDay(today.AddDays(options.WindowFutureDays + 1), staffZone));
    }

    private bool InWindow(SyncRun run, LocalItem item) =>
        item.Period.Overlaps(run.Window.From, run.Window.To, item is BusinessClosure ? _businessZone : run.Staff.TimeZone);

    private bool OverBudget(long started) => time.GetElapsedTime(started) > options.RunTimeBudget;

    private static async Task SaveStateAsync(SyncRun run, SyncState next, CancellationToken cancellationToken)
    {
        if (next == run.State)
        {
            return;
        }

        var stage = run.Stage;
        run.Stage = SyncStage.SaveState;
        run.Lease = await run.Writes.SaveStateAsync(run.Lease, next, cancellationToken);
        run.State = next;
        run.Stage = stage;
    }

    /// <summary>
    /// A run that will list Google in full raises the epoch before it pushes, so that what it pushes is stamped with the
    /// listing's epoch and need not be stamped again when the listing sees it. A staff member never synced (epoch 0) has
    /// no status of our items yet: the run reads only the blocks' (usually none).
    /// </summary>
    private async Task<bool> BeginAsync(SyncRun run, CancellationToken cancellationToken)
    {
        var neverSynced = run.State.Epoch == 0;
        if (run.State.GoogleSyncToken is null && run.State.PullPageToken is null)
        {
            await SaveStateAsync(run, run.State with { Epoch = run.State.Epoch + 1 }, cancellationToken);
            run.EpochRaisedForListing = true;
        }

        run.Epoch = run.State.Epoch;
        if (neverSynced)
        {
            // None of our items has a status yet. Blocks may (the sync state lost while the appointment data kept them):
            // the first listing's sweep must see them to remove those whose events are gone. Usually one empty read.
            var known = new Dictionary<ItemKey, ItemSyncStatus>();
            await ReadBlockStatusesAsync(run, known, cancellationToken);
            if (known.Count > 0 && known.Values.Max(status => status.Epoch) is var highest && highest >= run.Epoch)
            {
                // Stamped under the sync state that was lost: this listing's epoch goes above theirs, or its sweep would
                // take a block whose event is gone for one it saw.
                await SaveStateAsync(run, run.State with { Epoch = highest + 1 }, cancellationToken);
                run.Epoch = run.State.Epoch;
            }

            run.KnownStatuses = known;
        }
        else if (run.Writes is DryRunWrites)
        {
            // A dry run saves no status: the run's own map stands in for the store, so that no item is planned twice.
            await LoadStatusesAsync(run, cancellationToken);
        }

        return true;
    }

    private static ItemSyncStatus StatusOf(SyncRun run, ItemKey key, long localVersion, CalendarEvent written) =>
        new(key, localVersion, written.Id, written.ETag, written.Updated, run.Epoch);

    private static Task SaveStatusAsync(
        SyncRun run, ItemKey key, long localVersion, CalendarEvent written, ItemHistoryEntry? history, CancellationToken cancellationToken) =>
        WriteStatusesAsync(run, [ItemStatusWrite.Save(StatusOf(run, key, localVersion, written)) with { History = history }], cancellationToken);

    /// <summary>Removes the status (if any) with the history entry of what was done, in one write: with no status, the entry alone.</summary>
    private static Task DeleteStatusAsync(SyncRun run, ItemKey key, ItemHistoryEntry history, CancellationToken cancellationToken) =>
        WriteStatusesAsync(run, [ItemStatusWrite.Delete(key) with { History = history }], cancellationToken);

    /// <summary>An entry of the item's history, now.</summary>
    private ItemHistoryEntry Entry(ItemKey key, ItemHistoryAction action, string? eventId, string reason) =>
        new(key, time.GetUtcNow(), action, eventId, reason);

    private static async Task WriteStatusesAsync(SyncRun run, List<ItemStatusWrite> writes, CancellationToken cancellationToken)
    {
        if (writes.Count == 0)
        {
            return;
        }

        await run.Writes.WriteStatusesAsync(run.Staff.Id, writes, cancellationToken);
        if (run.KnownStatuses is { } known)
        {
            foreach (var write in writes)
            {
                if (write.Status is { } status)
                {
                    known[write.Key] = status;
                }
                else
                {
                    known.Remove(write.Key);
                }
            }
        }
    }

    /// <summary>
    /// The statuses of <paramref name="keys"/>: our own items' from the sync state, the primary calendar's Google-origin
    /// blocks' from the blocks they are stored with (<see cref="GoogleBlockWrite.Status"/>), both read at once.
    /// </summary>
    private async Task<IReadOnlyDictionary<ItemKey, ItemSyncStatus>> StatusesAsync(
        SyncRun run, List<ItemKey> keys, CancellationToken cancellationToken)
    {
        if (run.KnownStatuses is { } known)
        {
            return known;
        }

        var blocks = keys.Where(IsSyncedBlock).ToList();
        var ours = keys.Where(key => !IsSyncedBlock(key)).ToList();
        var blockStatuses = blocks.Count == 0
            ? Task.FromResult<IReadOnlyDictionary<ItemKey, ItemSyncStatus>>(new Dictionary<ItemKey, ItemSyncStatus>())
            : data.GetGoogleBlockStatusesAsync(run.Staff.Id, blocks, cancellationToken);
        var ourStatuses = ours.Count == 0
            ? Task.FromResult<IReadOnlyDictionary<ItemKey, ItemSyncStatus>>(new Dictionary<ItemKey, ItemSyncStatus>())
            : stateStore.GetItemsAsync(run.Staff.Id, ours, cancellationToken);
        await Task.WhenAll(blockStatuses, ourStatuses);
        if ((await blockStatuses).Count == 0)
        {
            return await ourStatuses;
        }

        var all = new Dictionary<ItemKey, ItemSyncStatus>(await ourStatuses);
        foreach (var (key, status) in await blockStatuses)
        {
            all[key] = status;
        }

        return all;
    }

    private async Task<ItemSyncStatus?> StatusAsync(SyncRun run, ItemKey key, CancellationToken cancellationToken) =>
        run.KnownStatuses is { } known ? known.GetValueOrDefault(key) : (await StatusesAsync(run, [key], cancellationToken)).GetValueOrDefault(key);

    /// <summary>
    /// Reads every status of the staff member into the run, once: our items' from the sync state and the Google-origin
    /// blocks' from the blocks, a page of a thousand a round trip each. A block's status found in the sync state was
    /// left there by a version that kept them apart: it is removed, the block's own counts.
    /// </summary>
    private async Task LoadStatusesAsync(SyncRun run, CancellationToken cancellationToken)
    {
        if (run.KnownStatuses is not null)
        {
            return;
        }

        var known = new Dictionary<ItemKey, ItemSyncStatus>();
        var leftOver = new List<ItemStatusWrite>();
        string? continuation = null;
        do
        {
            var page = await stateStore.ListItemsAsync(run.Staff.Id, continuation, StatusListPageSize, cancellationToken);
            foreach (var status in page.Items)
            {
                if (IsGoogleBlock(status.Key))
                {
                    leftOver.Add(ItemStatusWrite.Delete(status.Key));
                    continue;
                }

                known[status.Key] = status;
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);

        await ReadBlockStatusesAsync(run, known, cancellationToken);
        if (leftOver.Count > 0 && run.Writes is not DryRunWrites)
        {
            await run.Writes.WriteStatusesAsync(run.Staff.Id, leftOver, cancellationToken);
        }

        run.KnownStatuses = known;
    }

    /// <summary>Adds the statuses of the staff member's Google-origin blocks to <paramref name="known"/>, a page of a thousand a round trip.</summary>
    private async Task ReadBlockStatusesAsync(SyncRun run, Dictionary<ItemKey, ItemSyncStatus> known, CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var page = await data.ListGoogleBlockStatusesAsync(run.Staff.Id, continuation, StatusListPageSize, cancellationToken);
            foreach (var status in page.Items)
            {
                known[status.Key] = status;
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);
    }

    /// <summary>A Google-origin block of the primary calendar: its status is stored with it.</summary>
    private static bool IsSyncedBlock(ItemKey key) => IsGoogleBlock(key) && !BlockedSlot.IsFromOtherCalendar(key);

    private static async Task<EventWriteResult> WriteOneAsync(SyncRun run, EventWrite write, CancellationToken cancellationToken)
    {
        var result = (await run.Writes.WriteEventsAsync(run.Calendar, [write], cancellationToken))[0];
        return result.Outcome switch
        {
            EventWriteOutcome.Failed => throw result.Error ?? new CalendarTransientException($"Writing event {write.EventId} failed."),
            EventWriteOutcome.Refused => throw result.Error ?? new CalendarWriteRefusedException($"Google refused to write event {write.EventId}."),
            _ => result,
        };
    }

    /// <summary>The brake: counts a delete, or stops the run before the delete that would cross the allowed share.</summary>
    private async Task ReserveDeleteAsync(SyncRun run, CancellationToken cancellationToken)
    {
        if (run.AllowMassDelete)
        {
            return;
        }

        if (run.TrackedItems is null)
        {
            // Our items and the blocks, whose statuses are in two places: read once, as a full listing does.
            await LoadStatusesAsync(run, cancellationToken);
            run.TrackedItems = run.KnownStatuses!.Count;
        }

        var limit = Math.Max(options.MassDeleteMinimum, (int)(options.MassDeleteMaxShare * run.TrackedItems.Value));
        if (run.DeletesReserved >= limit)
        {
            throw new MassDeleteBrakeException(
                $"This run would delete more than {limit} of {run.TrackedItems} synced items; it stopped instead. " +
                "Check the appointment data and the calendar, then run once with the brake overridden if the deletes are meant.");
        }

        run.DeletesReserved++;
    }
}
