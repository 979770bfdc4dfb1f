using CalendarSync.Core.Calendar;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;

namespace CalendarSync.Core.Tests.Sync;

/// <summary>Calendars read as busy times only: their free/busy as blocks with no title, kept in line run by run.</summary>
public sealed class StaffSyncBusyTests
{
    private const string Family = "family0123@group.calendar.google.com";
    private const string Team = "team@group.calendar.google.com";

    private readonly SyncTestbed _testbed = new();

    public StaffSyncBusyTests() =>
        _testbed.Connection = _testbed.Connection with { BusyCalendars = OtherCalendars.Of([Family], _testbed.Connection.CalendarId) };

    [Fact]
    public async Task RunAsync_FamilyCalendarBusy_BlocksWithNoTitleThenQuietRunsWriteNothing()
    {
        var school = Busy(_testbed.At(11, 2, 15), 90);
        _testbed.Google.OtherCalendars[Family] = [school, Busy(_testbed.At(11, 2, 16), 60)];

        var first = await _testbed.SyncAsync();
        var quiet = await _testbed.SyncAsync();

        // Overlapping busy time is one stretch, as Google merges it; the block says nothing of what it is.
        var block = Assert.Single(await _testbed.GoogleBlocksAsync());
        Assert.Equal((school.Start, _testbed.At(11, 2, 17)), block.Period.ToInstants(_testbed.Staff.TimeZone));
        Assert.Null(block.Summary);
        Assert.True(BlockedSlot.IsBusyTime(block.Key));
        Assert.DoesNotContain(Family, block.Id + block.GoogleEventId, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, first.Imported);

        // The quiet run: the primary's listing, the calendar list (is the family calendar still on it?) and free/busy.
        Assert.Equal((0, 3), (_testbed.LastCalls.Writes, _testbed.LastCalls.GoogleCalls));
        Assert.Equal(0, quiet.Writes);
    }

    [Fact]
    public async Task RunAsync_BusyTimeMoves_TheOldBlockGoesAndTheNewComes()
    {
        _testbed.Google.OtherCalendars[Family] = [Busy(_testbed.At(11, 2, 15), 60)];
        await _testbed.SyncAsync();

        _testbed.Google.OtherCalendars[Family] = [Busy(_testbed.At(11, 3, 9), 30)];
        var moved = await _testbed.SyncAsync();

        var block = Assert.Single(await _testbed.GoogleBlocksAsync());
        Assert.Equal(_testbed.At(11, 3, 9), block.Period.ToInstants(_testbed.Staff.TimeZone).Start);
        Assert.Equal((1, 1), (moved.Imported, moved.BlocksRemoved));
    }

    [Fact]
    public async Task RunAsync_CalendarUnsharedOrDeleted_TakesItsBlocksAndSaysSo()
    {
        _testbed.Connection = _testbed.Connection with { BusyCalendars = OtherCalendars.Of([Family, Team], _testbed.Connection.CalendarId) };
        _testbed.Google.OtherCalendars[Family] = [Busy(_testbed.At(11, 2, 15), 60)];
        _testbed.Google.OtherCalendars[Team] = [Busy(_testbed.At(11, 4, 10), 60)];
        await _testbed.SyncAsync();

        _testbed.Google.OtherCalendars.Remove(Team);
        var after = await _testbed.SyncAsync();

        var left = Assert.Single(await _testbed.GoogleBlocksAsync());
        Assert.Equal(_testbed.At(11, 2, 15), left.Period.ToInstants(_testbed.Staff.TimeZone).Start);
        Assert.Equal(1, after.BlocksRemoved);
        Assert.Contains($"The calendar {Team} chosen for the staff member is no longer on their Google calendar list", after.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CalendarGoneButStillListed_FreeBusyNotFoundTakesItsBlocks()
    {
        _testbed.Connection = _testbed.Connection with { BusyCalendars = OtherCalendars.Of([Family, Team], _testbed.Connection.CalendarId) };
        _testbed.Google.OtherCalendars[Family] = [Busy(_testbed.At(11, 2, 15), 60)];
        _testbed.Google.OtherCalendars[Team] = [Busy(_testbed.At(11, 4, 10), 60)];
        await _testbed.SyncAsync();

        // Google's list a moment behind the calendar's deletion.
        _testbed.Google.OtherCalendars.Remove(Team);
        _testbed.Google.StillListed.Add(Team);
        var after = await _testbed.SyncAsync();

        Assert.Single(await _testbed.GoogleBlocksAsync());
        Assert.Equal(1, after.BlocksRemoved);
        Assert.Contains($"no longer answers for the calendar {Team}", after.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CalendarUnsubscribed_ItsBusyTimesGoThoughGoogleStillAnswers_BackOnTheListTheyCome()
    {
        _testbed.Google.OtherCalendars[Family] = [Busy(_testbed.At(11, 2, 15), 60)];
        await _testbed.SyncAsync();

        _testbed.Google.Unsubscribed.Add(Family);
        var unsubscribed = await _testbed.SyncAsync();
        var blocksThen = await _testbed.GoogleBlocksAsync();
        var quiet = await _testbed.SyncAsync();
        _testbed.Google.Unsubscribed.Remove(Family);
        var back = await _testbed.SyncAsync();

        Assert.Equal(1, unsubscribed.BlocksRemoved);
        Assert.Empty(blocksThen);
        Assert.Contains($"The calendar {Family} chosen for the staff member is no longer on their Google calendar list", unsubscribed.Message, StringComparison.Ordinal);
        Assert.Equal((true, 0, unsubscribed.Message), (quiet.Quiet, quiet.Writes, quiet.Message));
        Assert.Equal(1, back.Imported);
        Assert.Single(await _testbed.GoogleBlocksAsync());
    }

    [Fact]
    public async Task RunAsync_CalendarNoLongerRead_TakesItsBlocks_StaffMembersOwnStay()
    {
        _testbed.Google.OtherCalendars[Family] = [Busy(_testbed.At(11, 2, 15), 60)];
        await _testbed.StaffAddsAsync(_testbed.At(11, 5, 12));
        await _testbed.SyncAsync();

        _testbed.Connection = _testbed.Connection with { BusyCalendars = OtherCalendars.None };
        var after = await _testbed.SyncAsync();
        var quiet = await _testbed.SyncAsync();

        var own = Assert.Single(await _testbed.GoogleBlocksAsync());
        Assert.False(BlockedSlot.IsBusyTime(own.Key));
        Assert.Equal(1, after.BlocksRemoved);
        Assert.Equal((0, 1), (quiet.Writes, _testbed.LastCalls.GoogleCalls));
    }

    [Fact]
    public async Task RunAsync_GoogleFailsToAnswerForACalendar_ItsBlocksStandAndTheNextRunAsksAgain()
    {
        _testbed.Google.OtherCalendars[Family] = [Busy(_testbed.At(11, 2, 15), 60)];
        await _testbed.SyncAsync();

        var failing = new FailingFreeBusy(_testbed.Google, Family, "backendError");
        var failed = await _testbed.SyncAsync(failing);
        var recovered = await _testbed.SyncAsync();

        Assert.Single(await _testbed.GoogleBlocksAsync());
        Assert.Equal((0, SyncOutcome.Succeeded), (failed.BlocksRemoved, failed.Outcome));
        Assert.Equal(0, recovered.Writes);
        Assert.Equal(0, (await _testbed.SyncAsync()).Writes);
    }

    [Fact]
    public async Task RunAsync_GrantWithoutFreeBusy_TheRestSyncsTheBlocksStandAndQuietRunsStayQuiet()
    {
        _testbed.Google.OtherCalendars[Family] = [Busy(_testbed.At(11, 2, 15), 60)];
        await _testbed.SyncAsync();
        await _testbed.AppointmentAsync("a1", _testbed.At(11, 6, 10));

        // Google refuses the query as a whole (403), as for a grant given before free/busy was asked for.
        var refusing = new FailingFreeBusy(_testbed.Google, Family, "") { Refuses = true };
        var refused = await _testbed.SyncAsync(refusing);
        var quiet = await _testbed.SyncAsync(refusing);

        Assert.Equal((SyncOutcome.Succeeded, 1, 0), (refused.Outcome, refused.Created, refused.BlocksRemoved));
        Assert.Contains("does not cover reading free/busy", refused.Message, StringComparison.Ordinal);
        Assert.Single(await _testbed.GoogleBlocksAsync());
        Assert.Equal(0, quiet.Writes);

        // The quiet runs after it say so too, so the connection keeps showing it until the staff member connects again.
        Assert.True(quiet.Quiet);
        Assert.Equal(refused.Message, quiet.Message);
    }

    [Fact]
    public async Task RunAsync_FullListingAfter410_LeavesTheBusyBlocks()
    {
        _testbed.Google.OtherCalendars[Family] = [Busy(_testbed.At(11, 2, 15), 60)];
        await _testbed.SyncAsync();

        await _testbed.Google.ExpireSyncTokensAsync(TestContext.Current.CancellationToken);
        var full = await _testbed.SyncAsync();

        Assert.True(full.FullResync);
        Assert.Equal(0, full.BlocksRemoved);
        Assert.Single(await _testbed.GoogleBlocksAsync(), b => BlockedSlot.IsBusyTime(b.Key));
    }

    [Fact]
    public async Task RunAsync_PushOnly_ReadsNoBusyTime()
    {
        _testbed.Connection = new CalendarConnection(_testbed.Staff.Id, _testbed.Staff.Email, SyncDirection.PushOnly)
        {
            BusyCalendars = OtherCalendars.Of([Family], _testbed.Staff.Email),
        };
        _testbed.Google.OtherCalendars[Family] = [Busy(_testbed.At(11, 2, 15), 60)];

        await _testbed.SyncAsync();

        Assert.Empty(await _testbed.GoogleBlocksAsync());
        Assert.Equal(0, _testbed.Google.FreeBusyCalls);
    }

    [Theory]
    [InlineData("primary")]
    [InlineData("SAM@example.com")]
    [InlineData("two words@example.com")]
    [InlineData("")]
    public void BusyCalendars_PrimaryOrNotAnId_Refused(string id) =>
        Assert.Throws<DomainValidationException>(() => OtherCalendars.Of([id], "sam@example.com"));

    [Fact]
    public void BusyCalendars_TooManyRefused_RepeatsCountOnce()
    {
        Assert.Throws<DomainValidationException>(() =>
            OtherCalendars.Of(Enumerable.Range(0, OtherCalendars.MaxCalendars + 1).Select(i => $"c{i}@example.com"), "sam@example.com"));
        Assert.Equal([Family], OtherCalendars.Of([Family, Family], "sam@example.com").Ids);
        Assert.Equal(OtherCalendars.Of([Family, Team], "x"), OtherCalendars.Parse($"{Family}\n{Team}", "x"));
    }

    private static BusyPeriod Busy(DateTimeOffset start, int minutes) => new(start.ToUniversalTime(), start.ToUniversalTime().AddMinutes(minutes));

    /// <summary>Google's calendar, but one calendar's free/busy answers an error other than notFound.</summary>
    private sealed class FailingFreeBusy(FakeGoogleCalendar inner, string calendarId, string reason) : ICalendar
    {
        /// <summary>The whole query refused, as Google's 403 is taken.</summary>
        public bool Refuses { get; init; }

        public Task<EventPage> ListEventsAsync(EventListRequest request, CancellationToken cancellationToken) => inner.ListEventsAsync(request, cancellationToken);

        public Task<EventPage> ListInstancesAsync(string recurringEventId, EventListRequest request, CancellationToken cancellationToken) =>
            inner.ListInstancesAsync(recurringEventId, request, cancellationToken);

        public Task<CalendarEvent?> GetEventAsync(string eventId, CancellationToken cancellationToken) => inner.GetEventAsync(eventId, cancellationToken);

        public Task<CalendarEvent?> MoveEventAsync(string eventId, string destinationCalendarId, CancellationToken cancellationToken) =>
            inner.MoveEventAsync(eventId, destinationCalendarId, cancellationToken);

        public ICalendar OnCalendar(string calendarId) => inner.OnCalendar(calendarId) is var other && ReferenceEquals(other, inner) ? this : other;

        public Task<IReadOnlyList<CalendarEntry>> ListCalendarsAsync(CancellationToken cancellationToken) => inner.ListCalendarsAsync(cancellationToken);

        public Task<IReadOnlyList<EventWriteResult>> WriteAsync(IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken) =>
            inner.WriteAsync(writes, cancellationToken);

        public async Task<IReadOnlyDictionary<string, CalendarBusy>> QueryFreeBusyAsync(
            IReadOnlyList<string> calendarIds, DateTimeOffset timeMin, DateTimeOffset timeMax, CancellationToken cancellationToken)
        {
            if (Refuses)
            {
                throw new CalendarScopeMissingException("Google answered 403: Request had insufficient authentication scopes.");
            }

            var answer = new Dictionary<string, CalendarBusy>(await inner.QueryFreeBusyAsync(calendarIds, timeMin, timeMax, cancellationToken))
            {
                [calendarId] = CalendarBusy.Failed(reason),
            };
            return answer;
        }
    }
}
