using System.Text.Json.Nodes;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Cli.Tests.Reliability;

/// <summary>
/// What must hold for a staff member once the sync has caught up, read from both sides directly (the appointment tables,
/// the staff member's calendar, the emulator's every stored event), never through the engine's own state. Answers the
/// problems found, so that a soak reports all of them rather than the first.
/// </summary>
internal static class SyncAgreement
{
    public static async Task<IReadOnlyList<string>> CheckAsync(ReliabilityWorld world, StaffCalendar staff, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var record = await world.Service<IConnectionStore>().GetAsync(staff.StaffId, cancellationToken);
        var expectedStatus = staff.Revoked ? ConnectionStatus.ReauthRequired : ConnectionStatus.Active;
        var expectedOutcome = staff.Revoked ? SyncOutcome.ReauthRequired : SyncOutcome.Succeeded;
        if (record?.Connection.Status != expectedStatus || record.Connection.LastOutcome != expectedOutcome)
        {
            problems.Add($"{staff.StaffId}: connection {record?.Connection.Status}, last run {record?.Connection.LastOutcome} " +
                         $"({record?.LastMessage}); expected {expectedStatus} after {expectedOutcome}.");
        }

        problems.AddRange(Duplicates(staff, await world.EverStoredAsync(staff.Email, cancellationToken)));
        if (staff.Revoked)
        {
            // Nothing can reach their calendar any more; what it showed before is not this check's business.
            return problems;
        }

        var options = world.Service<StaffSyncOptions>();
        var now = DateTimeOffset.UtcNow;
        var (from, to) = (now.AddDays(-options.WindowPastDays), now.AddDays(options.WindowFutureDays));
        var local = await PagesAsync(
            (continuation, token) => world.Service<IAppointmentData>().GetItemsInRangeAsync(staff.StaffId, from, to, continuation, 500, token),
            cancellationToken);
        var blocks = await PagesAsync(
            (continuation, token) => world.Service<IAppointmentStore>().ListBlocksAsync(staff.StaffId, continuation, 500, token),
            cancellationToken);
        var live = await staff.ListLiveAsync(cancellationToken);
        problems.AddRange(LocalKept(staff, local));
        problems.AddRange(LocalOnGoogle(staff, local, live, world.Service<EventRendering>()));
        problems.AddRange(GoogleKept(staff, live));
        problems.AddRange(GoogleBlocked(staff, blocks, live, from, to));
        return problems;
    }

    /// <summary>No change of the appointment system lost or undone: the store holds exactly what the test last wrote.</summary>
    private static IEnumerable<string> LocalKept(StaffCalendar staff, IReadOnlyList<LocalItem> local)
    {
        var own = local.Where(i => i is not BlockedSlot { Origin: BlockOrigin.Google }).ToDictionary(i => i.Key);
        foreach (var (key, written) in staff.Local)
        {
            if (!own.TryGetValue(key, out var stored))
            {
                yield return $"{staff.StaffId}: {key} was lost from the appointment data.";
            }
            else if (stored.Period != written.Period)
            {
                yield return $"{staff.StaffId}: {key} is {stored.Period}, written as {written.Period}.";
            }
        }

        foreach (var key in own.Keys.Where(k => !staff.Local.ContainsKey(k)))
        {
            yield return $"{staff.StaffId}: {key} is in the appointment data, but was deleted or never written.";
        }
    }

    /// <summary>Every local item in the window is exactly one event, showing its times; no event of ours without a live item.</summary>
    private static IEnumerable<string> LocalOnGoogle(
        StaffCalendar staff, IReadOnlyList<LocalItem> local, IReadOnlyList<CalendarEvent> live, EventRendering rendering)
    {
        var ours = live.Where(e => EventIds.OwnKey(e) is not null).ToList();
        foreach (var twice in ours.GroupBy(e => EventIds.OwnKey(e)!.Value).Where(g => g.Count() > 1))
        {
            yield return $"{staff.StaffId}: {twice.Key} shows as {twice.Count()} live events.";
        }

        var belonging = local.Where(EventRendering.BelongsOnCalendar).ToDictionary(i => i.Key);
        foreach (var item in belonging.Values)
        {
            var shown = ours.FirstOrDefault(e => e.Id == EventIds.For(item.Key));
            if (shown is null)
            {
                yield return $"{staff.StaffId}: {item.Key} ({item.Period}) has no event.";
            }
            else if (!EventRendering.Matches(shown, rendering.Render(item, staff.Zone)))
            {
                yield return $"{staff.StaffId}: the event of {item.Key} shows {shown.Start?.DateTime:O}..{shown.End?.DateTime:O}, the item {item.Period}.";
            }
        }

        foreach (var stray in ours.Where(e => !belonging.ContainsKey(EventIds.OwnKey(e)!.Value)))
        {
            yield return $"{staff.StaffId}: event {stray.Id} ({EventIds.OwnKey(stray)}) has no live item.";
        }
    }

    /// <summary>No change of the staff member's lost or undone: their own events are as they left them.</summary>
    private static IEnumerable<string> GoogleKept(StaffCalendar staff, IReadOnlyList<CalendarEvent> live)
    {
        var foreign = live.Where(e => EventIds.OwnKey(e) is null).ToList();
        var singles = foreign.Where(e => e.RecurringEventId is null).ToDictionary(e => e.Id, StringComparer.Ordinal);
        foreach (var (id, period) in staff.Foreign)
        {
            if (!singles.TryGetValue(id, out var shown))
            {
                yield return $"{staff.StaffId}: their event {id} is gone from Google.";
            }
            else if (EventRendering.PeriodOf(shown) != period)
            {
                yield return $"{staff.StaffId}: their event {id} is {EventRendering.PeriodOf(shown)}, they set {period}.";
            }
        }

        foreach (var id in singles.Keys.Where(id => !staff.Foreign.ContainsKey(id)))
        {
            yield return $"{staff.StaffId}: event {id} is live in Google, but they deleted it or never made it.";
        }

        foreach (var series in foreign.Select(e => e.RecurringEventId).OfType<string>().Distinct().Where(id => id != staff.Series?.Id))
        {
            yield return $"{staff.StaffId}: series {series} is live in Google, but they deleted it or never made it.";
        }

        if (staff.Series is var (seriesId, first, count))
        {
            var instances = foreign.Where(e => e.RecurringEventId == seriesId).Select(EventRendering.PeriodOf).OrderBy(p => p!.Start).ToList();
            if (instances.Count != count || instances[0] != first)
            {
                yield return $"{staff.StaffId}: their series {seriesId} shows {instances.Count} instances from {instances.FirstOrDefault()}, " +
                             $"they set {count} from {first}.";
            }
        }
    }

    /// <summary>Every blocking event of the staff member's in the window is exactly one block with its times, and no block is left over.</summary>
    private static IEnumerable<string> GoogleBlocked(
        StaffCalendar staff, IReadOnlyList<LocalItem> allBlocks, IReadOnlyList<CalendarEvent> live, DateTimeOffset from, DateTimeOffset to)
    {
        var blocks = allBlocks.OfType<BlockedSlot>().Where(b => b is { Origin: BlockOrigin.Google, IsDeleted: false })
            .ToDictionary(b => b.Id, StringComparer.Ordinal);
        var blocking = live
            .Where(e => EventIds.OwnKey(e) is null && EventRendering.Blocks(e) && EventRendering.PeriodOf(e)!.Overlaps(from, to, staff.Zone))
            .ToDictionary(e => BlockedSlot.IdForGoogleEvent(e.Id), StringComparer.Ordinal);
        foreach (var (blockId, calendarEvent) in blocking)
        {
            if (!blocks.TryGetValue(blockId, out var block))
            {
                yield return $"{staff.StaffId}: blocking event {calendarEvent.Id} ({EventRendering.PeriodOf(calendarEvent)}) has no block.";
            }
            else if (block.Period != EventRendering.PeriodOf(calendarEvent))
            {
                yield return $"{staff.StaffId}: the block of {calendarEvent.Id} is {block.Period}, the event {EventRendering.PeriodOf(calendarEvent)}.";
            }
        }

        foreach (var stale in blocks.Keys.Where(id => !blocking.ContainsKey(id)))
        {
            yield return $"{staff.StaffId}: block {stale} has no blocking event.";
        }
    }

    /// <summary>From every event the emulator ever stored: one event per item of ours, and no copy of the staff member's own.</summary>
    private static IEnumerable<string> Duplicates(StaffCalendar staff, JsonArray everStored)
    {
        var keys = everStored
            .Select(e => (string?)e!["extendedProperties"]?["private"]?[EventIds.KeyProperty])
            .ToList();
        foreach (var twice in keys.OfType<string>().GroupBy(k => k, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return $"{staff.StaffId}: {twice.Key} was stored as {twice.Count()} events.";
        }

        var theirs = keys.Count(k => k is null);
        if (theirs != staff.Created)
        {
            yield return $"{staff.StaffId}: the emulator stored {theirs} events of their own; they created {staff.Created}.";
        }
    }

    private static async Task<IReadOnlyList<LocalItem>> PagesAsync(
        Func<string?, CancellationToken, Task<LocalItemPage>> page, CancellationToken cancellationToken)
    {
        var items = new List<LocalItem>();
        string? continuation = null;
        do
        {
            var next = await page(continuation, cancellationToken);
            items.AddRange(next.Items);
            continuation = next.Continuation;
        }
        while (continuation is not null);

        return items;
    }
}
