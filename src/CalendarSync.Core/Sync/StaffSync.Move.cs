using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.History;

namespace CalendarSync.Core.Sync;

/// <summary>
/// The write calendar (<see cref="CalendarConnection.WriteCalendar"/>): our events are in the calendar the state names
/// (<see cref="SyncState.EventsCalendarId"/>, the primary by default). When the staff member chooses another, our events
/// move there with <c>events.move</c> (same ids) before anything else is written: each calendar they go to is saved
/// first (<see cref="SyncState.MovedTo"/>), so an event is always in one calendar the state names, and a run that stops
/// halfway, or a choice changed again meanwhile, is finished by the next, with no duplicate and no gap. Once all are
/// there, the new calendar is listed in full (its sweep puts back an event that got lost).
/// </summary>
public sealed partial class StaffSync
{
    /// <summary>Moves at once: each is one Google call, and a move waits for none of the others.</summary>
    private const int MovesAtOnce = 8;

    /// <summary>The calendar our events are in and the state's sync token lists.</summary>
    private static string EventsCalendarId(CalendarConnection connection, SyncState state) => state.EventsCalendarId ?? connection.CalendarId;

    private static ICalendar EventsCalendar(ICalendar primary, CalendarConnection connection, SyncState state) =>
        state.EventsCalendarId is { } id && !SameCalendar(id, connection.CalendarId) ? primary.OnCalendar(id) : primary;

    private static bool SameCalendar(string one, string other) => string.Equals(one, other, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether our events are to move to another calendar (or a move is under way).</summary>
    private static bool MoveDue(CalendarConnection connection, SyncState state) =>
        state.MovedTo is not null || !SameCalendar(EventsCalendarId(connection, state), connection.WriteCalendar);

    /// <summary>
    /// Moves our events to the write calendar, if it changed; false when the budget stopped it (or a dry run planned the
    /// moves: what would follow them depends on them). Runs before anything else is written to Google.
    /// </summary>
    private async Task<bool> MoveEventsAsync(SyncRun run, long started, CancellationToken cancellationToken)
    {
        if (!MoveDue(run.Connection, run.State))
        {
            return true;
        }

        run.Stage = SyncStage.Move;
        var destination = run.Connection.WriteCalendar;
        var eventsCalendarId = SameCalendar(destination, run.Connection.CalendarId) ? null : destination;
        if (run.State.Epoch == 0)
        {
            // Never synced: no event of ours is anywhere yet.
            await SaveStateAsync(run, run.State with { EventsCalendarId = eventsCalendarId, MovedTo = null }, cancellationToken);
            run.Calendar = EventsCalendar(run.Primary, run.Connection, run.State);
            return true;
        }

        // Where an event may be now: where they all were, or any calendar a move sent them to since.
        var sources = new[] { EventsCalendarId(run.Connection, run.State) }.Concat(run.State.MoveTargets)
            .Where(id => !SameCalendar(id, destination)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (!run.State.MoveTargets.Contains(destination, StringComparer.OrdinalIgnoreCase))
        {
            await SaveStateAsync(run, run.State with { MovedTo = string.Join('\n', run.State.MoveTargets.Append(destination)) }, cancellationToken);
        }

        var target = run.Primary.OnCalendar(destination);
        try
        {
            await target.ListEventsAsync(new EventListRequest { TimeMin = run.Window.From, TimeMax = run.Window.To, MaxResults = 1 }, cancellationToken);
        }
        catch (CalendarNotFoundException ex)
        {
            throw new CalendarNotWritableException(
                $"The calendar {destination} chosen to receive appointments is gone, or no longer shared with the staff member: choose another.", ex);
        }

        await LoadStatusesAsync(run, cancellationToken);
        var ours = run.KnownStatuses!.Values.Where(status => !IsGoogleBlock(status.Key)).OrderBy(status => status.Key.ToString(), StringComparer.Ordinal).ToList();
        var moved = 0;
        foreach (var page in ours.Chunk(MovesAtOnce * 6))
        {
            // The statuses of a page of moves in one write: should the run die before it, the next finds the events moved
            // and takes their etags then.
            var writes = new List<ItemStatusWrite>();
            foreach (var chunk in page.Chunk(MovesAtOnce))
            {
                if (OverBudget(started))
                {
                    await WriteStatusesAsync(run, writes, cancellationToken);
                    return false;
                }

                var done = await Task.WhenAll(chunk.Select(status => MoveEventAsync(run, status, sources, target, destination, cancellationToken)));
                moved += done.Count(write => write?.History is not null);
                writes.AddRange(done.OfType<ItemStatusWrite>());
            }

            await WriteStatusesAsync(run, writes, cancellationToken);
        }

        if (run.Writes is DryRunWrites)
        {
            run.StopReason = $"Our {moved} events would move to the calendar {destination} first; what follows is planned once they are there.";
            return false;
        }

        // All are there: the new calendar is listed in full, and the sweep puts back any event that was in none of them.
        await SaveStateAsync(run, run.State with
        {
            EventsCalendarId = eventsCalendarId, MovedTo = null, GoogleSyncToken = null, PullPageToken = null, PullIsFull = false,
        }, cancellationToken);
        run.Calendar = target;
        run.FirstPage = null;
        run.Updated += moved;
        run.Note ??= $"Moved {moved} events to the calendar {destination}.";
        return true;
    }

    /// <summary>One event moved from whichever source holds it; its status with the etag it has now, or null when it is in none.</summary>
    private async Task<ItemStatusWrite?> MoveEventAsync(
        SyncRun run, ItemSyncStatus status, List<string> sources, ICalendar target, string destination, CancellationToken cancellationToken)
    {
        foreach (var source in sources)
        {
            CalendarEvent? moved;
            try
            {
                moved = await run.Writes.MoveEventAsync(run.Primary.OnCalendar(source), status.EventId, destination, cancellationToken);
            }
            catch (CalendarNotFoundException)
            {
                // That calendar is gone (or no longer theirs): nothing of ours is left in it.
                continue;
            }

            if (moved is not null)
            {
                return ItemStatusWrite.Save(status with { ETag = moved.ETag, Updated = moved.Updated }) with
                {
                    History = Entry(status.Key, ItemHistoryAction.EventMoved, status.EventId, $"moved from the calendar {source} to {destination}"),
                };
            }
        }

        // Moved by a run that stopped before saving its status, or in none of them (the full listing after the move restores it).
        return await target.GetEventAsync(status.EventId, cancellationToken) is { Status: not EventStatus.Cancelled } there && there.ETag != status.ETag
            ? ItemStatusWrite.Save(status with { ETag = there.ETag, Updated = there.Updated })
            : null;
    }
}
