using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.History;

namespace CalendarSync.Core.Sync;

public sealed partial class StaffSync
{
    private const int MaxAttemptsPerEvent = 3;
    private static (bool Retry, LocalItem? Item) Done => (false, null);

    /// <summary>
    /// Makes one of our events agree with its item. The status is the common base of a three-way compare: the item
    /// changed if its version moved on from the status, the event changed if its etag did. Where Google changed our
    /// event, the conflict policy decides and the conflict is recorded; where only we changed, we write.
    /// </summary>
    private async Task ReconcileOwnEventAsync(
        SyncRun run, ItemKey key, LocalItem? item, ItemSyncStatus? status, CalendarEvent? current, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttemptsPerEvent; attempt++)
        {
            bool retry;
            LocalItem? itemNow;
            try
            {
                (retry, itemNow) = await ReconcileOnceAsync(run, key, item, status, current, cancellationToken);
            }
            catch (CalendarWriteRefusedException refused)
            {
                await RecordRefusedWriteAsync(run, item, key, refused, cancellationToken);
                return;
            }

            if (!retry)
            {
                return;
            }

            // The event changed between our read and our write (412), or appeared or vanished (409, 404): read again.
            item = itemNow;
            current = await run.Calendar.GetEventAsync(EventIds.For(key), cancellationToken);
        }

        throw new CalendarTransientException($"Event {EventIds.For(key)} kept changing while the sync wrote it; the next run tries again.");
    }

    /// <summary>One attempt; when Google answered that the event moved under us, the item to retry with (the policy may have moved it).</summary>
    private async Task<(bool Retry, LocalItem? Item)> ReconcileOnceAsync(
        SyncRun run, ItemKey key, LocalItem? item, ItemSyncStatus? status, CalendarEvent? current, CancellationToken cancellationToken)
    {
        var alive = current is { Status: not EventStatus.Cancelled };
        if (alive && EventIds.OwnKey(current!) != key)
        {
            // A live event under the item's id without our key property is foreign (see EventIds.OwnKey): we neither
            // update nor delete it. A retried insert meets it as "id taken", and updating instead would write the item
            // (a customer's name) over someone else's event, into an invitation its organiser may read. The item stays
            // off the calendar while the event holds the id, and every run that meets it says so; its status goes, so
            // that nothing takes the event for ours later, deleted or not.
            run.Conflict(ForeignEventHoldsTheId(key));
            if (status is not null)
            {
                await DeleteStatusAsync(run, key, Entry(key, ItemHistoryAction.Skipped, current!.Id, ForeignEventHoldsTheId(key).What), cancellationToken);
            }

            return Done;
        }

        if (item is null || !EventRendering.BelongsOnCalendar(item))
        {
            if (alive && run.Connection.Direction == SyncDirection.PullOnly)
            {
                run.Skip(SkipReason.Direction);
                return Done;
            }

            if (alive)
            {
                await ReserveDeleteAsync(run, cancellationToken);
                var deleted = await WriteOneAsync(run, EventWrite.Delete(current!.Id), cancellationToken);
                run.Deleted += deleted.Outcome == EventWriteOutcome.Written ? 1 : 0;
            }

            if (status is not null || alive)
            {
                var why = item is null ? "the item is gone from the appointment data" : WhyOffCalendar(item);
                await DeleteStatusAsync(run, key, Entry(key, ItemHistoryAction.EventDeleted, EventIds.For(key), why), cancellationToken);
            }

            return Done;
        }

        if (!InWindow(run, item))
        {
            run.Skip(SkipReason.OutsideWindow);
            return Done;
        }

        if (run.Connection.Direction == SyncDirection.PullOnly)
        {
            run.Skip(SkipReason.Direction);
            return Done;
        }

        var rendered = rendering.Render(item, run.Staff.TimeZone);
        var localChanged = status is null || status.LocalVersion != item.Version;
        var googleChanged = status is not null && status.ETag != current?.ETag;
        if (current is null)
        {
            var inserted = await WriteOneAsync(run, EventWrite.Insert(rendered), cancellationToken);
            if (inserted.Outcome != EventWriteOutcome.Written)
            {
                return (true, item);
            }

            run.Created++;
            RecordConflictIf(run, googleChanged, key, "deleted in Google", localChanged, ConflictResolution.EventRestored);
            var created = googleChanged
                ? Entry(key, ItemHistoryAction.EventRestored, inserted.Event!.Id, $"the event was deleted in Google; put back under conflict policy {options.ConflictPolicy}")
                : Entry(key, ItemHistoryAction.EventCreated, inserted.Event!.Id, $"version {item.Version} of the item had no event in Google");
            await SaveStatusAsync(run, key, item.Version, inserted.Event!, created, cancellationToken);
            return Done;
        }

        if (!alive && status is null && current.PrivateProperties.GetValueOrDefault(EventIds.KeyProperty) != key.ToString())
        {
            // A deleted event under the item's id that we have no status for and that does not carry our key property
            // (Google need not keep properties of deleted events): it may have been a foreign event, and restoring it
            // could bring an invitation back to life with our item in it. Left as it is; the id stays taken.
            run.Conflict(ForeignEventHoldsTheId(key));
            return Done;
        }

        if (EventRendering.Matches(current, rendered))
        {
            if (status is null || status.LocalVersion != item.Version || status.ETag != current.ETag || status.Epoch != run.Epoch)
            {
                // Without a status, a run that stopped between its write and its status left the event: recorded now.
                var found = status is null
                    ? Entry(key, ItemHistoryAction.EventCreated, current.Id, $"version {item.Version} of the item was found in Google as an earlier run wrote it")
                    : null;
                await SaveStatusAsync(run, key, item.Version, current, found, cancellationToken);
            }

            return Done;
        }

        ItemHistoryEntry? moveEntry = null;
        if (googleChanged && !localChanged && alive && item is Appointment appointment
            && options.ConflictPolicy == ConflictPolicy.AcceptGoogleTimeChanges
            && EventRendering.PeriodOf(current) is { IsAllDay: false } newTime && newTime != appointment.Period
            && ItemRules.Allows(newTime))
        {
            var moved = await run.Writes.MoveAppointmentAsync(run.Staff.Id, appointment, newTime, cancellationToken);
            if (moved is not null)
            {
                run.MovedAppointments = true;
                run.Conflict(new SyncConflict(key, "time changed in Google", false, ConflictResolution.GoogleTimeAccepted));
                item = moved;
                rendered = rendering.Render(item, run.Staff.TimeZone);
                var accepted = Entry(key, ItemHistoryAction.AppointmentMoved, current.Id,
                    $"its event was moved in Google to {newTime}; taken over under conflict policy {options.ConflictPolicy}");
                if (EventRendering.Matches(current, rendered))
                {
                    await SaveStatusAsync(run, key, item.Version, current, accepted, cancellationToken);
                    return Done;
                }

                moveEntry = accepted with { Reason = accepted.Reason + "; its event was rewritten to match" };

                googleChanged = false;
            }
        }

        var updated = await WriteOneAsync(run, EventWrite.Update(rendered, current.ETag), cancellationToken);
        if (updated.Outcome != EventWriteOutcome.Written)
        {
            return (true, item);
        }

        run.Updated++;
        RecordConflictIf(run, googleChanged, key, alive ? "edited in Google" : "deleted in Google", localChanged, ConflictResolution.EventRestored);
        var entry = moveEntry ?? (googleChanged
            ? Entry(key, ItemHistoryAction.EventRestored, current.Id,
                $"the event was {(alive ? "edited" : "deleted")} in Google; put back under conflict policy {options.ConflictPolicy}")
            : Entry(key, ItemHistoryAction.EventUpdated, current.Id, $"the item changed (version {status?.LocalVersion} to {item.Version})"));
        await SaveStatusAsync(run, key, item.Version, updated.Event!, entry, cancellationToken);
        return Done;
    }

    private static SyncConflict ForeignEventHoldsTheId(ItemKey key) =>
        new(key, "an event that is not ours holds the item's event id", false, ConflictResolution.ForeignEventLeftAlone);

    private static void RecordConflictIf(
        SyncRun run, bool googleChanged, ItemKey key, string what, bool localChanged, ConflictResolution resolution)
    {
        if (googleChanged)
        {
            run.Conflict(new SyncConflict(key, what, localChanged, resolution));
        }
    }
}
