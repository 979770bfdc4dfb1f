using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;

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
        var planned = new List<(LocalItem Item, EventWrite Write)>();
        foreach (var item in items)
        {
            if (item is BlockedSlot { Origin: BlockOrigin.Google })
            {
                continue;
            }

            var status = await stateStore.GetItemAsync(run.Staff.Id, item.Key, cancellationToken);
            var belongs = EventRendering.BelongsOnCalendar(item);
            if (belongs && InWindow(run, item))
            {
                if (status?.LocalVersion != item.Version)
                {
                    var rendered = EventRendering.Render(item, run.Staff.TimeZone);
                    planned.Add((item, status is null ? EventWrite.Insert(rendered) : EventWrite.Update(rendered, status.ETag)));
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
                planned.Add((item, EventWrite.Delete(status.EventId)));
            }
        }

        foreach (var chunk in planned.Chunk(ICalendar.MaxWritesPerCall))
        {
            var results = await run.Calendar.WriteAsync([.. chunk.Select(p => p.Write)], cancellationToken);
            CalendarException? failure = null;
            for (var i = 0; i < chunk.Length; i++)
            {
                var (item, write) = chunk[i];
                if (results[i].Outcome == EventWriteOutcome.Failed)
                {
                    failure ??= results[i].Error ?? new CalendarTransientException($"Writing event {write.EventId} failed.");
                    continue;
                }

                if (results[i].Outcome == EventWriteOutcome.Refused)
                {
                    await RecordRefusedWriteAsync(run, item, item.Key, results[i].Error ?? new CalendarWriteRefusedException(), cancellationToken);
                    continue;
                }

                await ApplyPushResultAsync(run, item, write, results[i], cancellationToken);
            }

            if (failure is not null)
            {
                throw failure;
            }
        }
    }

    private async Task ApplyPushResultAsync(
        SyncRun run, LocalItem item, EventWrite write, EventWriteResult result, CancellationToken cancellationToken)
    {
        switch (write.Kind, result.Outcome)
        {
            case (EventWriteKind.Insert, EventWriteOutcome.Written):
                run.Created++;
                await SaveStatusAsync(run, item.Key, item.Version, result.Event!, cancellationToken);
                break;
            case (EventWriteKind.Update, EventWriteOutcome.Written):
                run.Updated++;
                await SaveStatusAsync(run, item.Key, item.Version, result.Event!, cancellationToken);
                break;
            case (EventWriteKind.Delete, EventWriteOutcome.Written):
                run.Deleted++;
                await stateStore.DeleteItemAsync(run.Staff.Id, item.Key, cancellationToken);
                break;
            case (EventWriteKind.Delete, _):
                await stateStore.DeleteItemAsync(run.Staff.Id, item.Key, cancellationToken);
                break;
            default:
                // 409 (a retried insert, or an event deleted earlier), 412 (edited in Google since) or 404: read the
                // event and let the three-way compare decide.
                var status = await stateStore.GetItemAsync(run.Staff.Id, item.Key, cancellationToken);
                var current = await run.Calendar.GetEventAsync(write.EventId, cancellationToken);
                await ReconcileOwnEventAsync(run, item.Key, item, status, current, cancellationToken);
                break;
        }
    }
}
