using CalendarSync.Core.Calendar;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Core.Tests.Fakes;

/// <summary>The in-memory Google's events.move, which the engine's tests of a changed write calendar rely on.</summary>
public sealed class FakeGoogleCalendarTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly DateTimeOffset Nine = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MoveEvent_ToALinkedCalendar_CancelledHereLiveThereSameIdNewETag()
    {
        var (primary, bookings) = Linked();
        var written = (await primary.WriteAsync([EventWrite.Insert(Event("move1"))], Cancel))[0].Event!;
        var here = await primary.ListEventsAsync(new EventListRequest(), Cancel);
        var there = await bookings.ListEventsAsync(new EventListRequest(), Cancel);

        var moved = await primary.MoveEventAsync("move1", "bookings", Cancel);
        var left = await primary.ListEventsAsync(new EventListRequest { SyncToken = here.NextSyncToken }, Cancel);
        var arrived = await bookings.ListEventsAsync(new EventListRequest { SyncToken = there.NextSyncToken }, Cancel);

        Assert.Equal(("move1", "Moving"), (moved!.Id, moved.Summary));
        Assert.NotEqual(written.ETag, moved.ETag);
        Assert.Equal(("move1", EventStatus.Cancelled), (Assert.Single(left.Items).Id, left.Items[0].Status));
        Assert.Equal(("move1", EventStatus.Confirmed, moved.ETag), (Assert.Single(arrived.Items).Id, arrived.Items[0].Status, arrived.Items[0].ETag));
        Assert.Null(await primary.MoveEventAsync("move1", "bookings", Cancel));
        Assert.Equal(EventStatus.Confirmed, (await bookings.MoveEventAsync("move1", "primary", Cancel))!.Status);
        Assert.Equal(EventStatus.Confirmed, (await primary.GetEventAsync("move1", Cancel))!.Status);
    }

    [Fact]
    public async Task MoveEvent_UnknownDestinationOrEventOrTakenIdOrStatusEvent_NullOrRefused()
    {
        var (primary, bookings) = Linked();
        await primary.WriteAsync([EventWrite.Insert(Event("move2")), EventWrite.Insert(Event("focus") with { EventType = EventType.FocusTime })], Cancel);
        await bookings.WriteAsync([EventWrite.Insert(Event("move2"))], Cancel);

        Assert.Null(await primary.MoveEventAsync("move2", "nobody@example.com", Cancel));
        Assert.Null(await primary.MoveEventAsync("nosuch", "bookings", Cancel));
        await Assert.ThrowsAsync<CalendarRequestRejectedException>(() => primary.MoveEventAsync("move2", "bookings", Cancel));
        await Assert.ThrowsAsync<CalendarRequestRejectedException>(() => primary.MoveEventAsync("focus", "bookings", Cancel));
        Assert.Equal(EventStatus.Confirmed, (await primary.GetEventAsync("move2", Cancel))!.Status);
    }

    private static (FakeGoogleCalendar Primary, FakeGoogleCalendar Bookings) Linked()
    {
        var clock = new FakeTimeProvider(Nine);
        var primary = new FakeGoogleCalendar(clock, Berlin) { Id = "sam@example.com" };
        var bookings = new FakeGoogleCalendar(clock, Berlin);
        primary.Link("bookings", bookings);
        return (primary, bookings);
    }

    private static CalendarEvent Event(string id) => new()
    {
        Id = id,
        Summary = "Moving",
        Start = EventDateTime.ForInstant(Nine, Berlin),
        End = EventDateTime.ForInstant(Nine.AddHours(1), Berlin),
    };
}
