using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;

namespace CalendarSync.Core.Tests.Data;

public sealed class AvailabilityCheckTests
{
    private static readonly DateTimeOffset Nine = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly SlotStore _store = new();
    private readonly InMemoryFunctionPorts _ports = new(TimeProvider.System);
    private readonly FakeGoogleCalendar _google = new(TimeProvider.System, Berlin);
    private readonly FakeCalendarProvider _calendars;

    public AvailabilityCheckTests()
    {
        _calendars = new FakeCalendarProvider(_google);
        _ports.Add(new ConnectionRecord
        {
            Connection = new CalendarConnection("s-1", "s-1@example.com"),
            TimeZoneId = Berlin.Id,
            Email = "s-1@example.com",
        });
    }

    private static TimeZoneInfo Berlin => TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CheckAsync_StoredItemsOfEachKind_AreNamedWithTheirSourceAndWholePeriod()
    {
        await _store.SaveAsync(Booking("a-1", 0, 60), Cancel);
        await _store.SaveAsync(new Appointment("a-cancelled", "s-1", Period.Timed(Nine, Nine.AddHours(1)), "Jo", null, status: AppointmentStatus.Cancelled), Cancel);
        await _store.SaveAsync(new BlockedSlot("b-1", "s-1", Period.Timed(Nine.AddMinutes(30), Nine.AddHours(2)), BlockOrigin.Local), Cancel);
        await _store.SaveAsync(new AvailabilityException("x-1", "s-1", Period.Timed(Nine.AddMinutes(-30), Nine.AddMinutes(15)), "Training"), Cancel);
        await _store.SaveAsync(new BusinessClosure("c-1", new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2), "Inventory"), Cancel);
        await _store.SaveAsync(new BlockedSlot("b-later", "s-1", Period.Timed(Nine.AddHours(3), Nine.AddHours(4)), BlockOrigin.Local), Cancel);

        var answer = await Check().CheckAsync("s-1", Nine, Nine.AddHours(1), BookingGuard.Local, ignore: null, Cancel);

        Assert.False(answer.IsFree);
        Assert.Equal(GoogleCheck.NotAsked, answer.Google);
        Assert.Equal(
            [
                new AvailabilityConflict(ConflictSource.Closure, "c-1", new(2026, 11, 30, 23, 0, 0, TimeSpan.Zero), new(2026, 12, 1, 23, 0, 0, TimeSpan.Zero)),
                new AvailabilityConflict(ConflictSource.Exception, "x-1", Nine.AddMinutes(-30), Nine.AddMinutes(15)),
                new AvailabilityConflict(ConflictSource.Appointment, "a-1", Nine, Nine.AddHours(1)),
                new AvailabilityConflict(ConflictSource.LocalBlock, "b-1", Nine.AddMinutes(30), Nine.AddHours(2)),
            ],
            answer.Conflicts);
    }

    [Fact]
    public async Task CheckAsync_Live_AStaffMembersGoogleEventConflictsAndOurOwnEventsAndStaleMirrorsDoNot()
    {
        var dentist = await _google.AddEventAsync(Timed("Dentist", Nine.AddMinutes(45), Nine.AddHours(2)), Cancel);
        await _google.AddEventAsync(Timed("Free", Nine, Nine.AddHours(1)) with { Transparency = EventTransparency.Transparent }, Cancel);
        await _google.WriteAsync([EventWrite.Insert(Timed("Ours", Nine, Nine.AddHours(1)) with
        {
            Id = EventIds.For(new ItemKey(ItemKind.Appointment, "gone")),
            PrivateProperties = new Dictionary<string, string> { [EventIds.KeyProperty] = "appointment:gone" },
        })], Cancel);

        // The block the sync mirrored from an event the staff member has deleted since: Google now says it is gone.
        await _store.SaveAsync(new BlockedSlot(BlockedSlot.IdForGoogleEvent("deleted1"), "s-1", Period.Timed(Nine, Nine.AddHours(1)), BlockOrigin.Google, googleEventId: "deleted1"), Cancel);

        var live = await Check().CheckAsync("s-1", Nine, Nine.AddHours(1), BookingGuard.Live, ignore: null, Cancel);
        var local = await Check().CheckAsync("s-1", Nine, Nine.AddHours(1), BookingGuard.Local, ignore: null, Cancel);

        Assert.Equal(GoogleCheck.Checked, live.Google);
        Assert.Equal([new AvailabilityConflict(ConflictSource.GoogleEvent, dentist, Nine.AddMinutes(45), Nine.AddHours(2))], live.Conflicts);
        Assert.Equal([new AvailabilityConflict(ConflictSource.GoogleEvent, "deleted1", Nine, Nine.AddHours(1))], local.Conflicts);
    }

    [Fact]
    public async Task CheckAsync_Live_GoogleFreeInTheSlot_CostsOneGoogleCall()
    {
        await _google.AddEventAsync(Timed("Later", Nine.AddHours(2), Nine.AddHours(3)), Cancel);
        var before = _google.Calls;

        var answer = await Check().CheckAsync("s-1", Nine, Nine.AddHours(1), BookingGuard.Live, ignore: null, Cancel);

        Assert.True(answer.IsFree);
        Assert.Equal(1, _google.Calls - before);
    }

    [Fact]
    public async Task CheckAsync_Live_ACalendarReadInFullThatIsGone_AddsNothing_TheOthersStillConflict()
    {
        const string Team = "team@group.calendar.google.com";
        const string Gone = "gone@group.calendar.google.com";
        _google.Id = "s-1@example.com";
        var team = new FakeGoogleCalendar(TimeProvider.System, Berlin) { Id = Team };
        _google.Link(Team, team);
        var standup = await team.AddEventAsync(Timed("Standup", Nine, Nine.AddMinutes(30)), Cancel);
        _ports.Add(_ports["s-1"] with
        {
            Connection = _ports["s-1"].Connection with { ReadCalendars = OtherCalendars.Of([Gone, Team], "s-1@example.com") },
        });

        // Deleted, or no longer shared with the staff member: Google answers 404 for it, and the sync has removed its blocks.
        var answer = await Check().CheckAsync("s-1", Nine, Nine.AddHours(1), BookingGuard.Live, ignore: null, Cancel);

        Assert.Equal(GoogleCheck.Checked, answer.Google);
        Assert.Equal([new AvailabilityConflict(ConflictSource.GoogleEvent, standup, Nine, Nine.AddMinutes(30))], answer.Conflicts);
    }

    [Fact]
    public async Task CheckAsync_Live_GoogleUnreachable_ThrowsAndLocalStillAnswers()
    {
        _calendars.Failure = new CalendarTransientException("Google answered 503 four times.");

        var failed = await Assert.ThrowsAsync<AvailabilityUnknownException>(() =>
            Check().CheckAsync("s-1", Nine, Nine.AddHours(1), BookingGuard.Live, ignore: null, Cancel));
        var local = await Check().CheckAsync("s-1", Nine, Nine.AddHours(1), BookingGuard.Local, ignore: null, Cancel);

        Assert.Contains("503", failed.Message, StringComparison.Ordinal);
        Assert.True(local.IsFree);
    }

    [Fact]
    public async Task CheckAsync_NoConnection_AnswersFromTheStoredData()
    {
        var answer = await Check().CheckAsync("s-unconnected", Nine, Nine.AddHours(1), BookingGuard.Live, ignore: null, Cancel);

        Assert.Equal(GoogleCheck.NotConnected, answer.Google);
        Assert.True(answer.IsFree);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-30)]
    [InlineData(94 * 24 * 60)]
    public async Task CheckAsync_EmptyReversedOrHugeSlot_IsRefused(int minutes)
    {
        var refused = await Assert.ThrowsAsync<DomainValidationException>(() =>
            Check().CheckAsync("s-1", Nine, Nine.AddMinutes(minutes), BookingGuard.Live, ignore: null, Cancel));

        Assert.Equal("end", refused.Field);
    }

    [Fact]
    public async Task SaveAsync_Guarded_ConflictRefusedAndNothingStored_FreeStored_AMoveNeverConflictsWithItself()
    {
        var service = Service();
        await service.SaveAsync(Booking("a-1", 0, 60), syncNow: false, BookingGuard.Live, Cancel);

        var refused = await Assert.ThrowsAsync<BookingConflictException>(() =>
            service.SaveAsync(Booking("a-2", 30, 90), syncNow: false, BookingGuard.Live, Cancel));
        await service.SaveAsync(Booking("a-1", 15, 75), syncNow: false, BookingGuard.Live, Cancel);
        await service.SaveAsync(Booking("a-3", 75, 120), syncNow: false, BookingGuard.Local, Cancel);

        Assert.Equal([new AvailabilityConflict(ConflictSource.Appointment, "a-1", Nine, Nine.AddHours(1))], refused.Availability.Conflicts);
        Assert.Equal(["a-1", "a-3"], _store.Items.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Equal(Nine.AddMinutes(15), _store.Items.Single(i => i.Id == "a-1").Period.Start);
    }

    [Fact]
    public async Task SaveAsync_ManyGuardedOverlappingAtOnce_StoresExactlyOne()
    {
        var service = Service();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            try
            {
                await service.SaveAsync(Booking($"a-{i}", i, 60 + i), syncNow: false, BookingGuard.Live, Cancel);
                return true;
            }
            catch (BookingConflictException)
            {
                return false;
            }
        })));

        Assert.Single(attempts, stored => stored);
        Assert.Single(_store.Items);
    }

    private static Appointment Booking(string id, int fromMinute, int toMinute) =>
        new(id, "s-1", Period.Timed(Nine.AddMinutes(fromMinute), Nine.AddMinutes(toMinute)), "Jane Doe", null);

    private static CalendarEvent Timed(string summary, DateTimeOffset start, DateTimeOffset end) => new()
    {
        Id = string.Empty,
        Summary = summary,
        Start = EventDateTime.ForInstant(start, Berlin),
        End = EventDateTime.ForInstant(end, Berlin),
    };

    private AvailabilityCheck Check() => new(_store, _ports, _calendars, new StaffSyncOptions());

    private AppointmentDataService Service() => new(
        _store, _ports, new SyncScheduler(_ports, _ports, new SyncProcessorOptions(), TimeProvider.System), new StaffSyncOptions(),
        Check(), new InMemoryBookingLock());

    /// <summary>A store that keeps items in a list and yields on every call, so that concurrent bookings interleave.</summary>
    private sealed class SlotStore : IAppointmentStore
    {
        private readonly Lock _gate = new();
        private readonly List<LocalItem> _items = [];

        public IReadOnlyList<LocalItem> Items
        {
            get
            {
                lock (_gate)
                {
                    return [.. _items];
                }
            }
        }

        public async Task<LocalItem> SaveAsync(LocalItem draft, CancellationToken cancellationToken)
        {
            await Task.Yield();
            lock (_gate)
            {
                _items.RemoveAll(i => i.Key == draft.Key && i.StaffId == draft.StaffId);
                _items.Add(draft);
            }

            return draft;
        }

        public async Task<IReadOnlyList<LocalItem>> ListBusyAsync(
            string staffId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return Items.Where(i => i.StaffId is null || i.StaffId == staffId).ToList();
        }

        public Task<bool> DeleteAsync(string staffId, ItemKey key, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteClosureAsync(string closureId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<LocalItemPage> ListBlocksAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<int> PurgeTombstonesAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
