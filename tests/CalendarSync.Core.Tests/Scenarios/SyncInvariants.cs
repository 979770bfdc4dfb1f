using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Tests.Scenarios;

/// <summary>What must hold after every completed run, read from both sides directly (not through the engine's state).</summary>
public static class SyncInvariants
{
    public static async Task AssertSidesAgreeAsync(
        ISyncWorld world,
        SyncWindow window,
        IReadOnlyDictionary<ItemKey, LocalItem> written,
        SyncDirection direction,
        ConflictPolicy policy,
        CancellationToken cancellationToken)
    {
        var zone = world.Staff.TimeZone;
        var local = await world.Local.ListLiveAsync(cancellationToken);
        var events = await world.StaffCalendar.ListLiveEventsAsync(cancellationToken);

        // No local item lost: everything the appointment system wrote is still there (an appointment may have
        // taken a new time from Google under AcceptGoogleTimeChanges, nothing else may change).
        var localByKey = local.ToDictionary(i => i.Key);
        foreach (var (key, item) in written)
        {
            Assert.True(localByKey.TryGetValue(key, out var now), $"{key} was lost.");
            var mayMove = policy == ConflictPolicy.AcceptGoogleTimeChanges && item is Appointment;
            Assert.True(mayMove || now!.Period == item.Period, $"{key} changed from {item.Period} to {now!.Period}.");
        }

        // No duplicate events: one event per key, whatever its id.
        var ours = events.Where(e => e.PrivateProperties.ContainsKey(EventIds.KeyProperty)).ToList();
        var duplicate = ours.GroupBy(e => e.PrivateProperties[EventIds.KeyProperty]).FirstOrDefault(g => g.Count() > 1);
        Assert.True(duplicate is null, $"{duplicate?.Key} has {duplicate?.Count()} events.");

        if (direction != SyncDirection.PullOnly)
        {
            var expected = local
                .Where(i => EventRendering.BelongsOnCalendar(i) && i.Period.Overlaps(window.From, window.To, zone))
                .ToDictionary(i => i.Key);
            foreach (var item in expected.Values)
            {
                var calendarEvent = ours.FirstOrDefault(e => e.Id == EventIds.For(item.Key));
                Assert.True(calendarEvent is not null, $"{item.Key} ({item.Period}) has no event.");
                var rendered = EventRendering.Default.Render(item, zone);
                Assert.True(EventRendering.Matches(calendarEvent, rendered),
                    $"The event of {item.Key} shows {calendarEvent.Summary} {calendarEvent.Start?.DateTime}{calendarEvent.Start?.Date}, " +
                    $"the item {rendered.Summary} {item.Period}.");
            }

            // An item the window has left behind may keep its event; an event without a live item may not stay.
            var belonging = local.Where(EventRendering.BelongsOnCalendar).Select(i => i.Key).ToHashSet();
            var stray = ours.FirstOrDefault(e => EventIds.OwnKey(e) is not { } key || !belonging.Contains(key));
            Assert.True(stray is null, $"Event {stray?.Id} ({stray?.PrivateProperties[EventIds.KeyProperty]}) has no live item.");
        }

        var googleBlocks = local.OfType<BlockedSlot>().Where(b => b.Origin == BlockOrigin.Google).ToDictionary(b => b.Id);
        var blocking = direction == SyncDirection.PushOnly
            ? []
            : events
                .Where(e => EventIds.OwnKey(e) is null && EventRendering.Blocks(e)
                    && EventRendering.PeriodOf(e)!.Overlaps(window.From, window.To, zone))
                .ToList();
        foreach (var calendarEvent in blocking)
        {
            Assert.True(googleBlocks.TryGetValue(BlockedSlot.IdForGoogleEvent(calendarEvent.Id), out var block),
                $"Blocking event {calendarEvent.Id} ({calendarEvent.Summary}) has no blocked slot.");
            Assert.True(block.Period == EventRendering.PeriodOf(calendarEvent),
                $"The block of {calendarEvent.Id} is {block.Period}, the event {EventRendering.PeriodOf(calendarEvent)}.");
        }

        Assert.True(googleBlocks.Count == blocking.Count,
            $"{googleBlocks.Count} Google-origin blocks for {blocking.Count} blocking events: " +
            string.Join(", ", googleBlocks.Keys.Except(blocking.Select(e => BlockedSlot.IdForGoogleEvent(e.Id)))));
    }
}
