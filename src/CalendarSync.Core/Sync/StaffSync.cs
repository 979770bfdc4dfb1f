using CalendarSync.Core.Calendar;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Sync;

/// <summary>
/// One staff member's two-way sync: push local changes, pull Google's, save state. Every write is followed at once
/// by the status that records it, and the feed positions (watermark, sync token) are saved only after the writes
/// they cover, so a run stopped between any two calls is finished by the next one without duplicates or losses.
/// </summary>
public sealed partial class StaffSync(IAppointmentData data, ISyncStateStore stateStore, TimeProvider time, StaffSyncOptions options)
{
    /// <summary>Table Storage's largest query page.</summary>
    private const int StatusListPageSize = 1000;

    private readonly TimeZoneInfo _businessZone = StaffTimeZone.Find(options.BusinessTimeZone);

    public Task<SyncRunResult> RunAsync(
        StaffMember staff, CalendarConnection connection, ICalendar calendar, CancellationToken cancellationToken) =>
        RunAsync(staff, connection, calendar, allowMassDelete: false, cancellationToken);

    /// <summary>A run with the mass-delete brake overridden when <paramref name="allowMassDelete"/>: an operator checked that the deletes are meant.</summary>
    public async Task<SyncRunResult> RunAsync(
        StaffMember staff, CalendarConnection connection, ICalendar calendar, bool allowMassDelete, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(calendar);
        if (connection.StaffId != staff.Id)
        {
            throw new ArgumentException($"Connection of {connection.StaffId} given for staff member {staff.Id}.", nameof(connection));
        }

        var started = time.GetTimestamp();
        var run = new SyncRun(staff, connection, calendar, WindowFor(staff.TimeZone), allowMassDelete, time.GetUtcNow());
        try
        {
            run.State = await stateStore.GetStateAsync(staff.Id, cancellationToken);
            await BeginAsync(run, cancellationToken);
            var complete = await PushAsync(run, started, cancellationToken)
                && await PullAsync(run, started, cancellationToken)
                && (!run.MovedAppointments || await PushAsync(run, started, cancellationToken));
            return run.ToResult(complete ? SyncOutcome.Succeeded : SyncOutcome.Partial, time.GetElapsedTime(started),
                complete ? null : "The time budget ran out; the next run continues.");
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

    private async Task SaveStateAsync(SyncRun run, SyncState next, CancellationToken cancellationToken)
    {
        if (next == run.State)
        {
            return;
        }

        var stage = run.Stage;
        run.Stage = SyncStage.SaveState;
        await stateStore.SaveStateAsync(next, cancellationToken);
        run.State = next;
        run.Stage = stage;
    }

    /// <summary>
    /// A run that will list Google in full raises the epoch before it pushes, so that what it pushes is stamped with the
    /// listing's epoch and need not be stamped again when the listing sees it. A staff member never synced (epoch 0) has
    /// no status yet: the run knows them all without reading any.
    /// </summary>
    private async Task BeginAsync(SyncRun run, CancellationToken cancellationToken)
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
            run.KnownStatuses = [];
        }
    }

    private static ItemSyncStatus StatusOf(SyncRun run, ItemKey key, long localVersion, CalendarEvent written) =>
        new(key, localVersion, written.Id, written.ETag, written.Updated, run.Epoch);

    private Task SaveStatusAsync(SyncRun run, ItemKey key, long localVersion, CalendarEvent written, CancellationToken cancellationToken) =>
        WriteStatusesAsync(run, [ItemStatusWrite.Save(StatusOf(run, key, localVersion, written))], cancellationToken);

    private Task DeleteStatusAsync(SyncRun run, ItemKey key, CancellationToken cancellationToken) =>
        WriteStatusesAsync(run, [ItemStatusWrite.Delete(key)], cancellationToken);

    private async Task WriteStatusesAsync(SyncRun run, List<ItemStatusWrite> writes, CancellationToken cancellationToken)
    {
        if (writes.Count == 0)
        {
            return;
        }

        await stateStore.WriteItemsAsync(run.Staff.Id, writes, cancellationToken);
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

    private async Task<IReadOnlyDictionary<ItemKey, ItemSyncStatus>> StatusesAsync(
        SyncRun run, List<ItemKey> keys, CancellationToken cancellationToken)
    {
        if (run.KnownStatuses is { } known)
        {
            return known;
        }

        return keys.Count == 0 ? new Dictionary<ItemKey, ItemSyncStatus>() : await stateStore.GetItemsAsync(run.Staff.Id, keys, cancellationToken);
    }

    private async Task<ItemSyncStatus?> StatusAsync(SyncRun run, ItemKey key, CancellationToken cancellationToken) =>
        run.KnownStatuses is { } known ? known.GetValueOrDefault(key) : await stateStore.GetItemAsync(run.Staff.Id, key, cancellationToken);

    /// <summary>Reads every status of the staff member into the run, once.</summary>
    private async Task LoadStatusesAsync(SyncRun run, CancellationToken cancellationToken)
    {
        if (run.KnownStatuses is not null)
        {
            return;
        }

        var known = new Dictionary<ItemKey, ItemSyncStatus>();
        string? continuation = null;
        do
        {
            var page = await stateStore.ListItemsAsync(run.Staff.Id, continuation, StatusListPageSize, cancellationToken);
            foreach (var status in page.Items)
            {
                known[status.Key] = status;
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);

        run.KnownStatuses = known;
    }

    private static async Task<EventWriteResult> WriteOneAsync(SyncRun run, EventWrite write, CancellationToken cancellationToken)
    {
        var result = (await run.Calendar.WriteAsync([write], cancellationToken))[0];
        return result.Outcome == EventWriteOutcome.Failed
            ? throw result.Error ?? new CalendarTransientException($"Writing event {write.EventId} failed.")
            : result;
    }

    /// <summary>The brake: counts a delete, or stops the run before the delete that would cross the allowed share.</summary>
    private async Task ReserveDeleteAsync(SyncRun run, CancellationToken cancellationToken)
    {
        if (run.AllowMassDelete)
        {
            return;
        }

        run.TrackedItems ??= run.KnownStatuses?.Count ?? await stateStore.CountItemsAsync(run.Staff.Id, cancellationToken);
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
