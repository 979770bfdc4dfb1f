using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;

namespace CalendarSync.Core.Tests.Sync;

/// <summary>
/// Several calendars of one staff member: other calendars read in full (each with its own sync token, blocks keyed by
/// calendar and event), and the write calendar, to which our events move with events.move without a duplicate or a gap.
/// </summary>
public sealed class StaffSyncCalendarsTests
{
    private const string Bookings = "bookings0123@group.calendar.google.com";
    private const string Elsewhere = "elsewhere4567@group.calendar.google.com";
    private const string Team = "team@group.calendar.google.com";

    private readonly SyncTestbed _testbed = new();
    private readonly FakeGoogleCalendar _bookings;
    private readonly FakeGoogleCalendar _elsewhere;
    private readonly FakeGoogleCalendar _team;

    public StaffSyncCalendarsTests()
    {
        // A calendar not linked to the primary is one Google does not have for the staff member.
        _testbed.Google.Id = _testbed.Connection.CalendarId;
        _bookings = Link(Bookings);
        _elsewhere = Link(Elsewhere);
        _team = Link(Team);
    }

    [Fact]
    public async Task RunAsync_WriteCalendarChosen_EventsMoveThere_PrimaryEventsStillBlock_ThenQuiet()
    {
        var first = await _testbed.AppointmentAsync("a1", _testbed.At(11, 2, 10));
        var second = await _testbed.AppointmentAsync("a2", _testbed.At(11, 3, 10));
        var dentist = await _testbed.StaffAddsAsync(_testbed.At(11, 4, 12));
        await _testbed.SyncAsync();

        _testbed.Connection = _testbed.Connection with { WriteCalendarId = Bookings };
        var moved = await _testbed.SyncAsync();
        var quiet = await _testbed.SyncAsync();
        var third = await _testbed.AppointmentAsync("a3", _testbed.At(11, 5, 10));
        await _testbed.SyncAsync();

        Assert.Equal(SyncOutcome.Succeeded, moved.Outcome);
        Assert.Contains($"Moved 2 events to the calendar {Bookings}", moved.Message, StringComparison.Ordinal);
        Assert.Equal(
            [EventIds.For(first.Key), EventIds.For(second.Key), EventIds.For(third.Key)],
            (await _bookings.ListLiveEventsAsync(Token)).Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.Equal([dentist], (await _testbed.LiveEventsAsync()).Select(e => e.Id));

        // The dentist is now read from the primary as another calendar: one block, never none.
        var block = Assert.Single(await _testbed.GoogleBlocksAsync());
        Assert.StartsWith(BlockedSlot.OtherCalendarBlockPrefix(_testbed.Connection.CalendarId), block.Id, StringComparison.Ordinal);
        Assert.Equal("Dentist", block.Summary);
        Assert.Equal(0, quiet.Writes);
        Assert.True(quiet.Quiet);
    }

    [Fact]
    public async Task RunAsync_MoveKilledHalfway_NextRunFinishes_NoDuplicateNoGap()
    {
        var items = new List<ItemKey>();
        for (var day = 2; day < 12; day++)
        {
            items.Add((await _testbed.AppointmentAsync($"a{day}", _testbed.At(11, day, 10))).Key);
        }

        await _testbed.SyncAsync();
        _testbed.Connection = _testbed.Connection with { WriteCalendarId = Bookings };
        var moves = new MoveCounter(3);
        await Assert.ThrowsAsync<SyncException>(() => _testbed.SyncAsync(new KillingCalendar(_testbed.World.Calendar, moves)));

        // Halfway: every event in exactly one of the two calendars.
        var inPrimary = (await _testbed.LiveEventsAsync()).Select(e => e.Id).ToHashSet();
        var inBookings = (await _bookings.ListLiveEventsAsync(Token)).Select(e => e.Id).ToHashSet();
        Assert.NotEmpty(inBookings);
        Assert.NotEmpty(inPrimary);
        Assert.Empty(inPrimary.Intersect(inBookings));
        Assert.Equal(items.Count, inPrimary.Count + inBookings.Count);

        var finished = await _testbed.SyncAsync();
        var quiet = await _testbed.SyncAsync();

        Assert.Equal(SyncOutcome.Succeeded, finished.Outcome);
        Assert.Empty(await _testbed.LiveEventsAsync());
        Assert.Equal(items.Select(EventIds.For).Order(StringComparer.Ordinal), (await _bookings.ListLiveEventsAsync(Token)).Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.Equal(0, finished.Created);
        Assert.True(quiet.Quiet);
    }

    [Fact]
    public async Task RunAsync_WriteCalendarChangedAgainWhileAMoveWasHalfway_EveryEventEndsInTheLastChoice()
    {
        for (var day = 2; day < 10; day++)
        {
            await _testbed.AppointmentAsync($"a{day}", _testbed.At(11, day, 10));
        }

        await _testbed.SyncAsync();
        _testbed.Connection = _testbed.Connection with { WriteCalendarId = Bookings };
        await Assert.ThrowsAsync<SyncException>(() => _testbed.SyncAsync(new KillingCalendar(_testbed.World.Calendar, new MoveCounter(2))));

        _testbed.Connection = _testbed.Connection with { WriteCalendarId = Elsewhere };
        var finished = await _testbed.SyncAsync();

        Assert.Equal(SyncOutcome.Succeeded, finished.Outcome);
        Assert.Empty(await _testbed.LiveEventsAsync());
        Assert.Empty(await _bookings.ListLiveEventsAsync(Token));
        Assert.Equal(8, (await _elsewhere.ListLiveEventsAsync(Token)).Count);
        Assert.Equal(0, finished.Created);
    }

    [Fact]
    public async Task RunAsync_BackToThePrimary_EventsMoveBack_AndTheirBlocksAreThePrimarysAgain()
    {
        await _testbed.AppointmentAsync("a1", _testbed.At(11, 2, 10));
        await _testbed.StaffAddsAsync(_testbed.At(11, 4, 12));
        _testbed.Connection = _testbed.Connection with { WriteCalendarId = Bookings };
        await _testbed.SyncAsync();
        Assert.Single(await _bookings.ListLiveEventsAsync(Token));

        _testbed.Connection = _testbed.Connection with { WriteCalendarId = null };
        var back = await _testbed.SyncAsync();

        Assert.Equal(SyncOutcome.Succeeded, back.Outcome);
        Assert.Empty(await _bookings.ListLiveEventsAsync(Token));
        Assert.Equal(2, (await _testbed.LiveEventsAsync()).Count);
        var block = Assert.Single(await _testbed.GoogleBlocksAsync());
        Assert.False(BlockedSlot.IsFromOtherCalendar(block.Key));
    }

    [Fact]
    public async Task RunAsync_NeverSynced_WritesStraightToTheChosenCalendar()
    {
        _testbed.Connection = _testbed.Connection with { WriteCalendarId = Bookings };
        await _testbed.AppointmentAsync("a1", _testbed.At(11, 2, 10));

        var first = await _testbed.SyncAsync();

        Assert.Equal(1, first.Created);
        Assert.Single(await _bookings.ListLiveEventsAsync(Token));
        Assert.Empty(await _testbed.LiveEventsAsync());
    }

    [Fact]
    public async Task RunAsync_WriteCalendarGone_StopsWithAClearOutcome_EventsStay()
    {
        await _testbed.AppointmentAsync("a1", _testbed.At(11, 2, 10));
        await _testbed.SyncAsync();

        _testbed.Google.Unlink(Bookings);
        _testbed.Connection = _testbed.Connection with { WriteCalendarId = Bookings };
        var stopped = await _testbed.SyncAsync();

        Assert.Equal(SyncOutcome.CalendarNotWritable, stopped.Outcome);
        Assert.Contains($"The calendar {Bookings} chosen to receive appointments is gone", stopped.Message, StringComparison.Ordinal);
        Assert.Single(await _testbed.LiveEventsAsync());
    }

    [Fact]
    public async Task RunAsync_OtherCalendarReadInFull_EachEventBlocks_ChangesFollow_QuietRunsListIt()
    {
        _testbed.Connection = _testbed.Connection with { ReadCalendars = OtherCalendars.Of([Team], _testbed.Connection.CalendarId) };
        var standup = await AddAsync(_team, _testbed.At(11, 2, 9), "Team standup");
        await AddAsync(_team, _testbed.At(11, 3, 9), "Offsite");

        var first = await _testbed.SyncAsync();
        var quiet = await _testbed.SyncAsync();
        var quietCalls = (_testbed.LastCalls.Writes, _testbed.LastCalls.GoogleCalls);
        await _team.UpdateEventAsync(standup, SyncTestbed.MovedBy(TimeSpan.FromHours(2), _testbed.Staff.TimeZone), Token);
        var changed = await _testbed.SyncAsync();

        Assert.Equal(2, first.Imported);
        Assert.True(quiet.Quiet);
        // The quiet run: the primary's listing, the calendar list (is the team calendar still on it?) and the team's listing.
        Assert.Equal((0, 3), quietCalls);
        Assert.Equal((1, 0), (changed.Imported, changed.BlocksRemoved));
        var blocks = await _testbed.GoogleBlocksAsync();
        Assert.Equal(2, blocks.Count);
        Assert.All(blocks, b => Assert.StartsWith(BlockedSlot.OtherCalendarBlockPrefix(Team), b.Id, StringComparison.Ordinal));
        Assert.Contains(blocks, b => b.Summary == "Team standup" && b.Period.ToInstants(_testbed.Staff.TimeZone).Start == _testbed.At(11, 2, 11));
    }

    [Fact]
    public async Task RunAsync_OtherCalendarEventDeleted_OrTokenExpired_BlocksFollowGoogle()
    {
        _testbed.Connection = _testbed.Connection with { ReadCalendars = OtherCalendars.Of([Team], _testbed.Connection.CalendarId) };
        var standup = await AddAsync(_team, _testbed.At(11, 2, 9), "Team standup");
        var offsite = await AddAsync(_team, _testbed.At(11, 3, 9), "Offsite");
        await _testbed.SyncAsync();

        await _team.DeleteEventAsync(standup, Token);
        var deleted = await _testbed.SyncAsync();
        await _team.DeleteEventAsync(offsite, Token);
        await _team.ExpireSyncTokensAsync(Token);
        var relisted = await _testbed.SyncAsync();

        Assert.Equal(1, deleted.BlocksRemoved);
        Assert.Equal(1, relisted.BlocksRemoved);
        Assert.Empty(await _testbed.GoogleBlocksAsync());
    }

    [Fact]
    public async Task RunAsync_ManyChangesInAnotherCalendarAtOnce_BlocksFollowEveryOne()
    {
        _testbed.Connection = _testbed.Connection with { ReadCalendars = OtherCalendars.Of([Team], _testbed.Connection.CalendarId) };
        await _testbed.SyncAsync();
        var added = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            added.Add(await AddAsync(_team, _testbed.At(11, 2 + (i % 20), 8 + (i / 20)), $"Shift {i}"));
        }

        var imported = await _testbed.SyncAsync();
        foreach (var id in added.Skip(3))
        {
            await _team.DeleteEventAsync(id, Token);
        }

        await _team.UpdateEventAsync(added[0], SyncTestbed.MovedBy(TimeSpan.FromHours(3), _testbed.Staff.TimeZone), Token);
        var removed = await _testbed.SyncAsync();

        Assert.Equal(30, imported.Imported);
        Assert.Equal((27, 1), (removed.BlocksRemoved, removed.Imported));
        Assert.Equal(["Shift 0", "Shift 1", "Shift 2"], (await _testbed.GoogleBlocksAsync()).Select(b => b.Summary).Order(StringComparer.Ordinal));
        Assert.Contains(await _testbed.GoogleBlocksAsync(), b => b.Summary == "Shift 0" && b.Period.ToInstants(_testbed.Staff.TimeZone).Start == _testbed.At(11, 2, 11));
    }

    [Fact]
    public async Task RunAsync_OtherCalendarNoLongerRead_OrGone_TakesItsBlocks_TheStaffMembersOwnStay()
    {
        _testbed.Connection = _testbed.Connection with { ReadCalendars = OtherCalendars.Of([Team, Elsewhere], _testbed.Connection.CalendarId) };
        await AddAsync(_team, _testbed.At(11, 2, 9), "Team standup");
        await AddAsync(_elsewhere, _testbed.At(11, 6, 9), "Choir");
        await _testbed.StaffAddsAsync(_testbed.At(11, 5, 12));
        await _testbed.SyncAsync();
        Assert.Equal(3, (await _testbed.GoogleBlocksAsync()).Count);

        _testbed.Connection = _testbed.Connection with { ReadCalendars = OtherCalendars.Of([Elsewhere], _testbed.Connection.CalendarId) };
        var dropped = await _testbed.SyncAsync();
        _testbed.Google.Unlink(Elsewhere);
        var gone = await _testbed.SyncAsync();
        var after = await _testbed.SyncAsync();

        Assert.Equal(1, dropped.BlocksRemoved);
        Assert.Equal(1, gone.BlocksRemoved);
        Assert.Contains($"The calendar {Elsewhere} chosen for the staff member is no longer on their Google calendar list", gone.Message, StringComparison.Ordinal);
        var left = Assert.Single(await _testbed.GoogleBlocksAsync());
        Assert.Equal("Dentist", left.Summary);

        // Still chosen, and still gone: the runs after are quiet, and keep saying so.
        Assert.Equal((true, 0), (after.Quiet, after.Writes));
        Assert.Equal(gone.Message, after.Message);
    }

    [Fact]
    public async Task RunAsync_OtherCalendarGoneButStillListed_TakesItsBlocksWhenGoogleAnswersNotFound()
    {
        _testbed.Connection = _testbed.Connection with { ReadCalendars = OtherCalendars.Of([Elsewhere], _testbed.Connection.CalendarId) };
        await AddAsync(_elsewhere, _testbed.At(11, 6, 9), "Choir");
        await _testbed.SyncAsync();

        // Google's list a moment behind the calendar's deletion.
        _testbed.Google.Unlink(Elsewhere);
        _testbed.Google.StillListed.Add(Elsewhere);
        var gone = await _testbed.SyncAsync();

        Assert.Equal(1, gone.BlocksRemoved);
        Assert.Contains($"Google no longer has the calendar {Elsewhere}", gone.Message, StringComparison.Ordinal);
        Assert.Empty(await _testbed.GoogleBlocksAsync());
    }

    [Fact]
    public async Task RunAsync_CalendarReadInFullUnsubscribed_TakesItsBlocks_ThenQuiet_BackOnTheListReadAgain()
    {
        _testbed.Connection = _testbed.Connection with { ReadCalendars = OtherCalendars.Of([Team, Elsewhere], _testbed.Connection.CalendarId) };
        await AddAsync(_team, _testbed.At(11, 2, 9), "Team standup");
        await AddAsync(_elsewhere, _testbed.At(11, 6, 9), "Choir");
        await _testbed.SyncAsync();

        // Google still answers for the calendar: only its absence from the staff member's list tells.
        _testbed.Google.Unsubscribed.Add(Team);
        var unsubscribed = await _testbed.SyncAsync();
        var blocksThen = await _testbed.GoogleBlocksAsync();
        var quiet = await _testbed.SyncAsync();
        _testbed.Google.Unsubscribed.Remove(Team);
        var back = await _testbed.SyncAsync();

        Assert.Equal((SyncOutcome.Succeeded, 1), (unsubscribed.Outcome, unsubscribed.BlocksRemoved));
        Assert.Contains($"The calendar {Team} chosen for the staff member is no longer on their Google calendar list", unsubscribed.Message, StringComparison.Ordinal);
        Assert.Equal(["Choir"], blocksThen.Select(b => b.Summary));
        Assert.Equal((true, 0), (quiet.Quiet, quiet.Writes));
        Assert.Equal(unsubscribed.Message, quiet.Message);
        Assert.Equal(1, back.Imported);
        Assert.Null(back.Message);
        Assert.Equal(["Choir", "Team standup"], (await _testbed.GoogleBlocksAsync()).Select(b => b.Summary).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RunAsync_NoOtherCalendarChosen_TheCalendarListIsNotRead()
    {
        await _testbed.AppointmentAsync("a1", _testbed.At(11, 2, 10));
        await _testbed.SyncAsync();
        await _testbed.SyncAsync();

        Assert.Equal(0, _testbed.Google.CalendarListCalls);
    }

    [Fact]
    public async Task PlanAsync_WriteCalendarChosen_PlansTheMovesAndMovesNothing()
    {
        await _testbed.AppointmentAsync("a1", _testbed.At(11, 2, 10));
        await _testbed.SyncAsync();
        _testbed.Connection = _testbed.Connection with { WriteCalendarId = Bookings };

        var plan = await _testbed.Engine.PlanAsync(_testbed.Staff, _testbed.Connection, _testbed.World.Calendar, Token);

        Assert.Equal(PlannedWriteKind.MoveEvent, Assert.Single(plan.Writes).Kind);
        Assert.Contains("would move to the calendar", plan.Result.Message, StringComparison.Ordinal);
        Assert.Single(await _testbed.LiveEventsAsync());
        Assert.Empty(await _bookings.ListLiveEventsAsync(Token));
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private FakeGoogleCalendar Link(string id)
    {
        var calendar = new FakeGoogleCalendar(_testbed.World.Clock, _testbed.Staff.TimeZone) { Id = id };
        _testbed.Google.Link(id, calendar);
        return calendar;
    }

    private Task<string> AddAsync(FakeGoogleCalendar calendar, DateTimeOffset start, string summary) =>
        calendar.AddEventAsync(new CalendarEvent
        {
            Id = string.Empty,
            Summary = summary,
            Start = EventDateTime.ForInstant(start, _testbed.Staff.TimeZone),
            End = EventDateTime.ForInstant(start.AddHours(1), _testbed.Staff.TimeZone),
        }, Token);

    private sealed class MoveCounter(int allowed)
    {
        public void Count()
        {
            if (Interlocked.Decrement(ref allowed) < 0)
            {
                throw new InvalidOperationException("The process died here.");
            }
        }
    }

    /// <summary>The staff member's calendars, whose moves die after a number of them, as a killed process would.</summary>
    private sealed class KillingCalendar(ICalendar inner, MoveCounter moves) : ICalendar
    {
        public Task<EventPage> ListEventsAsync(EventListRequest request, CancellationToken cancellationToken) => inner.ListEventsAsync(request, cancellationToken);

        public Task<EventPage> ListInstancesAsync(string recurringEventId, EventListRequest request, CancellationToken cancellationToken) =>
            inner.ListInstancesAsync(recurringEventId, request, cancellationToken);

        public Task<CalendarEvent?> GetEventAsync(string eventId, CancellationToken cancellationToken) => inner.GetEventAsync(eventId, cancellationToken);

        public Task<IReadOnlyList<EventWriteResult>> WriteAsync(IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken) =>
            inner.WriteAsync(writes, cancellationToken);

        public Task<IReadOnlyDictionary<string, CalendarBusy>> QueryFreeBusyAsync(
            IReadOnlyList<string> calendarIds, DateTimeOffset timeMin, DateTimeOffset timeMax, CancellationToken cancellationToken) =>
            inner.QueryFreeBusyAsync(calendarIds, timeMin, timeMax, cancellationToken);

        public async Task<CalendarEvent?> MoveEventAsync(string eventId, string destinationCalendarId, CancellationToken cancellationToken)
        {
            moves.Count();
            return await inner.MoveEventAsync(eventId, destinationCalendarId, cancellationToken);
        }

        public ICalendar OnCalendar(string calendarId) => new KillingCalendar(inner.OnCalendar(calendarId), moves);

        public Task<IReadOnlyList<CalendarEntry>> ListCalendarsAsync(CancellationToken cancellationToken) => inner.ListCalendarsAsync(cancellationToken);
    }
}
