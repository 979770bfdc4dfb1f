using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.History;

namespace CalendarSync.Core.Sync;

public sealed partial class StaffSync
{
    /// <summary>Pushes the change feed page by page; false when the budget stopped it (the watermark marks the place).</summary>
    private async Task<bool> PushAsync(SyncRun run, long started, CancellationToken cancellationToken)
    {
        if (run.Connection.Direction == SyncDirection.PullOnly)
        {
            return true;
        }

        while (true)
        {
            run.Stage = SyncStage.Push;
            var page = await data.GetChangesAsync(run.Staff.Id, run.State.LocalWatermark, options.PageSize, cancellationToken);
            Report(run, page.Unreadable);
            await PushPageAsync(run, page.Items, cancellationToken);

            // Saved only after every item of the page is in Google and has its status: a crash before this line
            // replays the page, and the statuses make the replay write nothing twice.
            await SaveStateAsync(run, run.State with { LocalWatermark = page.NextWatermark }, cancellationToken);
            if (!page.HasMore)
            {
                return await PushWindowEdgeAsync(run, started, cancellationToken);
            }

            if (OverBudget(started))
            {
                return false;
            }
        }
    }

    /// <summary>A row that cannot be an item is skipped, never failing the run or the other rows; the run's log names it.</summary>
    private static void Report(SyncRun run, IReadOnlyList<Data.UnreadableItem> unreadable)
    {
        foreach (var row in unreadable)
        {
            run.Skip(SkipReason.Unreadable);
            var line = $"Skipped {row.Key}: {row.Problem}";

            // The count is in the skipped column; the message names the first few, so a log row stays a line.
            run.Note = run.Note is null ? line : run.Note.Length < 1000 ? run.Note + " " + line : run.Note;
        }
    }

    /// <summary>
    /// Items the change feed skipped as too far ahead come into the window as days pass, without changing: when the
    /// far edge has moved since the last push, the items between the old and the new edge are pushed.
    /// </summary>
    private async Task<bool> PushWindowEdgeAsync(SyncRun run, long started, CancellationToken cancellationToken)
    {
        if (run.State.WindowEnd is { } edge && edge < run.Window.To)
        {
            string? continuation = null;
            do
            {
                var page = await data.GetItemsInRangeAsync(run.Staff.Id, edge, run.Window.To, continuation, options.PageSize, cancellationToken);
                await PushPageAsync(run, page.Items, cancellationToken);
                continuation = page.Continuation;
                if (continuation is not null && OverBudget(started))
                {
                    // The edge is saved only once the range is done; the next run walks it again, and the statuses
                    // make that cheap.
                    return false;
                }
            }
            while (continuation is not null);
        }

        // A first push read the whole feed, so everything up to today's edge is handled.
        await SaveStateAsync(run, run.State with { WindowEnd = run.Window.To }, cancellationToken);
        return true;
    }

    private async Task PushPageAsync(SyncRun run, IReadOnlyList<LocalItem> items, CancellationToken cancellationToken)
    {
        var ours = items.Where(item => item is not BlockedSlot { Origin: BlockOrigin.Google }).ToList();
        var statuses = await StatusesAsync(run, [.. ours.Select(item => item.Key)], cancellationToken);
        var planned = new List<PlannedEventWrite>();
        foreach (var item in ours)
        {
            var status = statuses.GetValueOrDefault(item.Key);
            var belongs = EventRendering.BelongsOnCalendar(item);
            if (belongs && InWindow(run, item))
            {
                if (status?.LocalVersion != item.Version)
                {
                    var rendered = rendering.Render(item, run.Staff.TimeZone);
                    planned.Add(status is null
                        ? new(item, EventWrite.Insert(rendered), $"version {item.Version} of the item is new on the calendar")
                        : new(item, EventWrite.Update(rendered, status.ETag), $"the item changed (version {status.LocalVersion} to {item.Version})"));
                }

                continue;
            }

            if (belongs)
            {
                run.Skip(SkipReason.OutsideWindow);
            }

            // An item without status never reached Google, or its insert crashed before the status was saved; the
            // next pull sees such an orphan (the sync token is older than it) and removes it there.
            if (status is not null)
            {
                await ReserveDeleteAsync(run, cancellationToken);
                planned.Add(new(item, EventWrite.Delete(status.EventId), WhyOffCalendar(item)));
            }
        }

        await WritePlannedAsync(run, planned, cancellationToken);
    }

    /// <summary>
    /// Writes planned writes in batches; each status follows its write. A write Google answered with 409, 412 or 404
    /// goes to the three-way compare; a failed one fails the page once the others are recorded.
    /// </summary>
    private async Task WritePlannedAsync(SyncRun run, List<PlannedEventWrite> planned, CancellationToken cancellationToken)
    {
        foreach (var chunk in planned.Chunk(ICalendar.MaxWritesPerCall))
        {
            var results = await run.Writes.WriteEventsAsync(run.Calendar, [.. chunk.Select(p => p.Write)], cancellationToken);

            // Each status only after its write, all of the chunk's in one go; a write Google answered otherwise is
            // reconciled after them, on its own.
            var recorded = new List<ItemStatusWrite>(chunk.Length);
            var unsettled = new List<(LocalItem Item, EventWrite Write)>();
            var refused = new List<(LocalItem Item, CalendarException Refusal)>();
            CalendarException? failure = null;
            for (var i = 0; i < chunk.Length; i++)
            {
                var (item, write, reason) = chunk[i];
                var result = results[i];
                switch (write.Kind, result.Outcome)
                {
                    case (_, EventWriteOutcome.Failed):
                        failure ??= result.Error ?? new CalendarTransientException($"Writing event {write.EventId} failed.");
                        break;
                    case (_, EventWriteOutcome.Refused):
                        refused.Add((item, result.Error ?? new CalendarWriteRefusedException()));
                        break;
                    case (EventWriteKind.Insert, EventWriteOutcome.Written):
                        run.Created++;
                        recorded.Add(ItemStatusWrite.Save(StatusOf(run, item.Key, item.Version, result.Event!))
                            with { History = Entry(item.Key, ItemHistoryAction.EventCreated, write.EventId, reason) });
                        break;
                    case (EventWriteKind.Update, EventWriteOutcome.Written):
                        run.Updated++;
                        recorded.Add(ItemStatusWrite.Save(StatusOf(run, item.Key, item.Version, result.Event!))
                            with { History = Entry(item.Key, ItemHistoryAction.EventUpdated, write.EventId, reason) });
                        break;
                    case (EventWriteKind.Delete, var outcome):
                        run.Deleted += outcome == EventWriteOutcome.Written ? 1 : 0;
                        recorded.Add(ItemStatusWrite.Delete(item.Key) with
                        {
                            History = Entry(item.Key, ItemHistoryAction.EventDeleted, write.EventId,
                                outcome == EventWriteOutcome.Written ? reason : reason + "; the event was gone from Google already"),
                        });
                        break;
                    default:
                        unsettled.Add((item, write));
                        break;
                }
            }

            await WriteStatusesAsync(run, recorded, cancellationToken);
            foreach (var (item, refusal) in refused)
            {
                await RecordRefusedWriteAsync(run, item, item.Key, refusal, cancellationToken);
            }

            foreach (var (item, write) in unsettled)
            {
                // 409 (a retried insert, or an event deleted earlier), 412 (edited in Google since) or 404: read the
                // event and let the three-way compare decide.
                var status = await StatusAsync(run, item.Key, cancellationToken);
                var current = await run.Calendar.GetEventAsync(write.EventId, cancellationToken);
                await ReconcileOwnEventAsync(run, item.Key, item, status, current, cancellationToken);
            }

            if (failure is not null)
            {
                throw failure;
            }
        }
    }

    /// <summary>Why an item that has an event no longer has one, in the words its history shows.</summary>
    private string WhyOffCalendar(LocalItem item) => item switch
    {
        { IsDeleted: true } => "the item was deleted",
        Appointment { Status: AppointmentStatus.Cancelled } => "the appointment was cancelled",
        _ => $"the item is outside the synced window ({options.WindowPastDays} days back, {options.WindowFutureDays} ahead)",
    };
}
