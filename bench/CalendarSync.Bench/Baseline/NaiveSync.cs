using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Bench.Baseline;

/// <summary>
/// The naive baseline, as simple schedulers sync: every cycle lists the whole window in Google, writes every local item to
/// Google again (one call each, an insert where the update finds nothing) and writes every blocking Google event to the
/// appointment data again. No sync token, no status, no batches. It talks to the same emulator and Azurite through the same
/// clients (our Google.Apis calendar client and Table Storage adapter), so the two differ only in what they decide to send.
/// </summary>
internal sealed class NaiveSync(
    ICalendarProvider calendars, IAppointmentData data, IConnectionStore connections, StaffSyncOptions options, EventRendering rendering)
{
    private const int ListPageSize = 2500;

    /// <summary>One cycle for one staff member; <paramref name="parallelWrites"/> Google writes in flight at once (1: one after another).</summary>
    public async Task RunAsync(string staffId, int parallelWrites, CancellationToken cancellationToken)
    {
        var record = await connections.GetAsync(staffId, cancellationToken)
            ?? throw new InvalidOperationException($"No connection for {staffId}.");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(record.TimeZoneId);
        var now = DateTimeOffset.UtcNow;
        var from = now.AddDays(-options.WindowPastDays);
        var to = now.AddDays(options.WindowFutureDays);
        var calendar = await calendars.OpenAsync(record.Connection, cancellationToken);
        try
        {
            var events = await ListWindowAsync(calendar, from, to, cancellationToken);
            var items = await ReadWindowAsync(staffId, from, to, cancellationToken);

            await Parallel.ForEachAsync(
                items.Where(EventRendering.BelongsOnCalendar),
                new ParallelOptions { MaxDegreeOfParallelism = parallelWrites, CancellationToken = cancellationToken },
                async (item, ct) =>
                {
                    var rendered = rendering.Render(item, zone);
                    var updated = await calendar.WriteAsync([EventWrite.Update(rendered, ifMatch: null)], ct);
                    if (updated[0].Outcome == EventWriteOutcome.NotFound)
                    {
                        await calendar.WriteAsync([EventWrite.Insert(rendered)], ct);
                    }
                });

            foreach (var ev in events.Where(e => EventIds.OwnKey(e) is null && EventRendering.Blocks(e)))
            {
                await data.WriteGoogleBlocksAsync(staffId, [GoogleBlockWrite.Upsert(ev.Id, EventRendering.PeriodOf(ev)!, EventRendering.BlockSummary(ev), 1)], cancellationToken);
            }
        }
        finally
        {
            (calendar as IDisposable)?.Dispose();
        }
    }

    private static async Task<List<CalendarEvent>> ListWindowAsync(ICalendar calendar, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var events = new List<CalendarEvent>();
        string? pageToken = null;
        do
        {
            var page = await calendar.ListEventsAsync(
                new EventListRequest { TimeMin = from, TimeMax = to, PageToken = pageToken, MaxResults = ListPageSize }, cancellationToken);
            events.AddRange(page.Items);
            pageToken = page.NextPageToken;
        }
        while (pageToken is not null);

        return events;
    }

    private async Task<List<LocalItem>> ReadWindowAsync(string staffId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var items = new List<LocalItem>();
        string? continuation = null;
        do
        {
            var page = await data.GetItemsInRangeAsync(staffId, from, to, continuation, 1000, cancellationToken);
            items.AddRange(page.Items);
            continuation = page.Continuation;
        }
        while (continuation is not null);

        return items;
    }
}
