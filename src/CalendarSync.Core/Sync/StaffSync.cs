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
            run.Epoch = run.State.Epoch;
            var paused = WritesPaused(run);
            var complete = (paused || await PushAsync(run, started, cancellationToken))
                && await PullAsync(run, started, cancellationToken)
                && (paused || !run.MovedAppointments || await PushAsync(run, started, cancellationToken));
            return paused ? PausedResult(run, started)
                : run.ToResult(complete ? SyncOutcome.Succeeded : SyncOutcome.Partial, time.GetElapsedTime(started),
                    complete ? null : "The time budget ran out; the next run continues.");
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

    private Task SaveStatusAsync(SyncRun run, ItemKey key, long localVersion, CalendarEvent written, CancellationToken cancellationToken) =>
        stateStore.SaveItemAsync(
            run.Staff.Id, new ItemSyncStatus(key, localVersion, written.Id, written.ETag, written.Updated, run.Epoch), cancellationToken);

    private static async Task<EventWriteResult> WriteOneAsync(SyncRun run, EventWrite write, CancellationToken cancellationToken)
    {
        var result = (await run.Calendar.WriteAsync([write], cancellationToken))[0];
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

        run.TrackedItems ??= await stateStore.CountItemsAsync(run.Staff.Id, cancellationToken);
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
