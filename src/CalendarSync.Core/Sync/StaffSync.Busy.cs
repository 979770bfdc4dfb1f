using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.History;

namespace CalendarSync.Core.Sync;

/// <summary>
/// The calendars read as busy times only (<see cref="CalendarConnection.BusyCalendars"/>): Google's free/busy for all of
/// them in one call a run, and each busy period a block with no title (<see cref="BlockedSlot.BusyTimeEventId"/>). The
/// answer's fingerprint is kept in the state once the blocks match it, so a run whose answer matches writes nothing; a
/// calendar Google no longer answers for (deleted, unshared, unsubscribed: notFound) or that left the set takes its
/// blocks with it; one that failed otherwise keeps them until Google answers again. A grant that does not cover free/busy
/// (Google refuses the query with 403) keeps the blocks too, says so in the run's message, and fails nothing else.
/// </summary>
public sealed partial class StaffSync
{
    /// <summary>Google's free/busy for the calendars read as busy times, over the window; null when there are none (or nothing is pulled).</summary>
    private static async Task<IReadOnlyDictionary<string, CalendarBusy>?> AskBusyTimesAsync(
        CalendarConnection connection, ICalendar calendar, SyncWindow window, CancellationToken cancellationToken)
    {
        var calendars = BusyCalendarsRead(connection);
        if (calendars.IsEmpty)
        {
            return null;
        }

        try
        {
            return await calendar.QueryFreeBusyAsync(calendars.Ids, window.From, window.To, cancellationToken);
        }
        catch (CalendarNotWritableException)
        {
            // Google refused the query as a whole (403): a grant given before free/busy was asked for. The rest of the
            // sync goes on; the calendars wait for the staff member to connect again.
            return calendars.Ids.ToDictionary(id => id, _ => CalendarBusy.Failed(CalendarBusy.NotGranted), StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// What a run says while the grant does not cover free/busy (null when it does): every run says it, quiet ones too,
    /// so the connection shows it until the staff member connects again.
    /// </summary>
    private static string? NotGrantedNote(IReadOnlyDictionary<string, CalendarBusy>? answer) =>
        answer is not null && answer.Values.Any(busy => busy.Error == CalendarBusy.NotGranted)
            ? "The staff member's grant does not cover reading free/busy: they connect their calendar again (the link asks "
                + $"for free/busy now) to have {string.Join(", ", answer.Keys)} read as busy times."
            : null;

    private static OtherCalendars BusyCalendarsRead(CalendarConnection connection) =>
        connection.Direction == SyncDirection.PushOnly ? OtherCalendars.None : connection.BusyCalendars;

    /// <summary>Names an answer: the calendars, each one's error or periods. Null for no calendars at all.</summary>
    private static string? BusyFingerprint(IReadOnlyDictionary<string, CalendarBusy>? answer)
    {
        if (answer is null)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var (id, busy) in answer.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.Append(id).Append('\n').Append(busy.Error).Append('\n');
            foreach (var period in busy.Busy)
            {
                text.Append(CultureInfo.InvariantCulture, $"{period.Start.ToUnixTimeSeconds()}-{period.End.ToUnixTimeSeconds()};");
            }

            text.Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }

    /// <summary>Brings the blocks of busy time in line with Google's free/busy; true (it is quick and needs no budget).</summary>
    private async Task<bool> ReadBusyTimesAsync(SyncRun run, CancellationToken cancellationToken)
    {
        if (BusyCalendarsRead(run.Connection).IsEmpty && run.State.BusyFingerprint is null)
        {
            return true;
        }

        run.Stage = SyncStage.Pull;
        var answer = run.BusyAnswer ?? await AskBusyTimesAsync(run.Connection, run.Calendar, run.Window, cancellationToken);
        var fingerprint = BusyFingerprint(answer);
        if (fingerprint == run.State.BusyFingerprint)
        {
            return true;
        }

        var wanted = new Dictionary<ItemKey, (string EventId, BusyPeriod Period, string CalendarId)>();
        // Calendars whose blocks stand as they were, and whether one of them is to be asked again at the next run.
        var keptTags = new HashSet<string>(StringComparer.Ordinal);
        var askAgain = false;
        foreach (var (calendarId, busy) in answer ?? new Dictionary<string, CalendarBusy>())
        {
            if (busy.Error is null)
            {
                foreach (var period in busy.Busy)
                {
                    var eventId = BlockedSlot.BusyTimeEventId(calendarId, period.Start, period.End);
                    wanted[BlockedSlot.KeyForGoogleEvent(eventId)] = (eventId, period, calendarId);
                }
            }
            else if (busy.Error == CalendarBusy.NotGranted)
            {
                // The answer is kept, so runs stay quiet until the grant changes.
                keptTags.Add(BlockedSlot.CalendarTag(calendarId));
                run.Note ??= NotGrantedNote(answer!);
            }
            else if (busy.Error != CalendarBusy.NotFound)
            {
                // Google failed to answer for it this time: its blocks stand until it answers.
                keptTags.Add(BlockedSlot.CalendarTag(calendarId));
                askAgain = true;
            }
            else
            {
                run.Note ??= $"Google no longer answers for the calendar {calendarId} (deleted, unshared or unsubscribed): its busy times were removed.";
            }
        }

        var writes = new List<GoogleBlockWrite>();
        var stored = new HashSet<ItemKey>();
        string? continuation = null;
        do
        {
            var page = await data.ListGoogleBlocksAsync(run.Staff.Id, continuation, StatusListPageSize, cancellationToken);
            foreach (var block in page.Items.OfType<BlockedSlot>().Where(b => BlockedSlot.IsBusyTime(b.Key)))
            {
                stored.Add(block.Key);
                if (!wanted.ContainsKey(block.Key) && !keptTags.Contains(BlockedSlot.BusyTimeCalendarTag(block.Key)!))
                {
                    writes.Add(GoogleBlockWrite.Delete(block.GoogleEventId!) with
                    {
                        History = Entry(block.Key, ItemHistoryAction.BlockRemoved, null,
                            "the busy time is no longer in the free/busy of a calendar read as busy times, or the calendar is no longer read"),
                    });
                }
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);

        var removed = writes.Count;
        foreach (var (key, (eventId, period, calendarId)) in wanted.Where(pair => !stored.Contains(pair.Key)))
        {
            writes.Add(GoogleBlockWrite.Upsert(eventId, Period.Timed(period.Start, period.End), summary: null, version: 1) with
            {
                History = Entry(key, ItemHistoryAction.BlockImported, null,
                    $"busy time in the calendar {calendarId}, read as busy times only: no title or detail is read"),
            });
        }

        if (writes.Count > 0)
        {
            await run.Writes.WriteBlocksAsync(run.Staff.Id, writes, cancellationToken);
            run.BlocksRemoved += removed;
            run.Imported += writes.Count - removed;
        }

        // Kept unless a calendar failed to answer: that one is asked again next run.
        if (!askAgain)
        {
            await SaveStateAsync(run, run.State with { BusyFingerprint = fingerprint }, cancellationToken);
        }

        return true;
    }
}
