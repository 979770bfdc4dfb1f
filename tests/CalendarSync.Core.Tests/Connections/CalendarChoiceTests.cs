using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;

namespace CalendarSync.Core.Tests.Connections;

public sealed class CalendarChoiceTests
{
    private const string Primary = "jane@example.com";
    private const string Family = "family@group.calendar.google.com";
    private const string Team = "team@group.calendar.google.com";
    private const string Holidays = "holidays@group.calendar.google.com";
    private const string Work = "work@group.calendar.google.com";
    private const string Lent = "lent@group.calendar.google.com";

    private readonly InMemoryFunctionPorts _store = new(TimeProvider.System);
    private readonly FakeCalendarDirectory _directory = new();
    private readonly CalendarChoice _choice;

    public CalendarChoiceTests()
    {
        _directory.Calendars.AddRange(
        [
            new CalendarEntry(Primary, Primary, "Europe/Berlin", CalendarAccessRole.Owner, IsPrimary: true),
            new CalendarEntry(Family, "Family", "Europe/Berlin", CalendarAccessRole.Owner, IsPrimary: false),
            new CalendarEntry(Team, "Team", "Europe/Berlin", CalendarAccessRole.FreeBusyReader, IsPrimary: false),
            new CalendarEntry(Holidays, "Holidays", "Europe/Berlin", CalendarAccessRole.Reader, IsPrimary: false),
            new CalendarEntry(Work, "Work", "Europe/Berlin", CalendarAccessRole.Owner, IsPrimary: false),
            new CalendarEntry(Lent, "Lent", "Europe/Berlin", CalendarAccessRole.Writer, IsPrimary: false),
        ]);
        _store.Add(new ConnectionRecord { Connection = new CalendarConnection("jane", Primary), TimeZoneId = "Europe/Lisbon", Email = Primary });
        _choice = new CalendarChoice(_store, _directory, new ConnectionControl(_store), new SyncScheduler(_store, _store, new SyncProcessorOptions(), TimeProvider.System));
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private CalendarConnection Connection => _store["jane"].Connection;

    [Fact]
    public async Task SetAsync_WholeChoice_StoredListedAndSyncQueued()
    {
        var chosen = await _choice.SetAsync("jane", new CalendarSelection { Read = [Holidays], BusyOnly = [Team], Write = Work }, Cancel);

        Assert.Equal([Holidays], Connection.ReadCalendars.Ids);
        Assert.Equal([Team], Connection.BusyCalendars.Ids);
        Assert.Equal(Work, Connection.WriteCalendarId);
        Assert.Equal(
            [(Primary, CalendarReading.Full, false), (Family, CalendarReading.No, false), (Team, CalendarReading.BusyOnly, false),
             (Holidays, CalendarReading.Full, false), (Work, CalendarReading.Full, true), (Lent, CalendarReading.No, false)],
            chosen!.Calendars.Select(c => (c.Calendar.Id, c.Reading, c.IsWrite)));
        Assert.Equal(("jane", SyncReason.Manual), (Assert.Single(_store.Queued).Request.StaffId, _store.Queued[0].Request.Reason));
    }

    [Fact]
    public async Task SetAsync_PartsLeftOut_StayAsTheyWere()
    {
        await _choice.SetAsync("jane", new CalendarSelection { Read = [Holidays], BusyOnly = [Team], Write = Work }, Cancel);

        await _choice.SetAsync("jane", new CalendarSelection { BusyOnly = [] }, Cancel);

        Assert.Equal((Holidays, true, Work), (Connection.ReadCalendars.ToString(), Connection.BusyCalendars.IsEmpty, Connection.WriteCalendarId));
    }

    [Theory]
    [InlineData("primary")]
    [InlineData("JANE@example.com")]
    public async Task SetAsync_PrimaryAsWriteCalendar_StoredAsNone(string write)
    {
        await _choice.SetAsync("jane", new CalendarSelection { Write = Work }, Cancel);

        var chosen = await _choice.SetAsync("jane", new CalendarSelection { Write = write }, Cancel);

        Assert.Null(Connection.WriteCalendarId);
        Assert.True(chosen!.Calendars.Single(c => c.Calendar.Id == Primary).IsWrite);
    }

    [Fact]
    public async Task SetAsync_WriteCalendarAlsoListedToRead_ReadOnceAsTheWriteCalendar()
    {
        await _choice.SetAsync("jane", new CalendarSelection { Read = [Family, Holidays], Write = Family }, Cancel);

        Assert.Equal((Holidays, Family), (Connection.ReadCalendars.ToString(), Connection.WriteCalendarId));
    }

    [Theory]
    [InlineData("read", Team, "free/busy only")]
    [InlineData("read", "nobody@group.calendar.google.com", "Not on the staff member's calendar list")]
    [InlineData("busyOnly", "nobody@group.calendar.google.com", "Not on the staff member's calendar list")]
    [InlineData("write", Holidays, "is not the staff member's own calendar")]
    [InlineData("write", Team, "is not the staff member's own calendar")]
    [InlineData("write", Lent, "is not the staff member's own calendar")]
    [InlineData("write", "nobody@group.calendar.google.com", "Not on the staff member's calendar list")]
    public async Task SetAsync_CalendarThatCannotBeChosenSo_RefusedNamingItAndNothingChanged(string field, string calendarId, string expected)
    {
        var selection = field switch
        {
            "read" => new CalendarSelection { Read = [calendarId] },
            "busyOnly" => new CalendarSelection { BusyOnly = [calendarId] },
            _ => new CalendarSelection { Write = calendarId },
        };

        var refused = await Assert.ThrowsAsync<DomainValidationException>(() => _choice.SetAsync("jane", selection, Cancel));

        Assert.Equal(field, refused.Field);
        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        Assert.Contains(calendarId, refused.Message, StringComparison.Ordinal);
        Assert.Equal(new CalendarConnection("jane", Primary), Connection);
        Assert.Empty(_store.Queued);
    }

    [Fact]
    public async Task SetAsync_CalendarBothReadAndBusyOnly_Refused()
    {
        await _choice.SetAsync("jane", new CalendarSelection { BusyOnly = [Family] }, Cancel);

        var both = await Assert.ThrowsAsync<DomainValidationException>(() => _choice.SetAsync("jane", new CalendarSelection { Read = [Family] }, Cancel));
        var writeBusy = await Assert.ThrowsAsync<DomainValidationException>(() => _choice.SetAsync("jane", new CalendarSelection { Write = Family }, Cancel));

        Assert.Contains(Family, both.Message, StringComparison.Ordinal);
        Assert.Equal("write", writeBusy.Field);
        Assert.Contains("busy times only", writeBusy.Message, StringComparison.Ordinal);
        Assert.Equal((Family, true, null), (Connection.BusyCalendars.ToString(), Connection.ReadCalendars.IsEmpty, Connection.WriteCalendarId));
    }

    [Fact]
    public async Task SetAsync_PrimaryAmongTheOthers_Refused() =>
        Assert.Contains(
            "primary",
            (await Assert.ThrowsAsync<DomainValidationException>(() => _choice.SetAsync("jane", new CalendarSelection { Read = [Primary] }, Cancel))).Message,
            StringComparison.Ordinal);

    [Fact]
    public async Task SetAsync_CreateWriteCalendar_CreatedInTheStaffTimeZoneMarkedAndWrittenTo()
    {
        var chosen = await _choice.SetAsync("jane", new CalendarSelection { CreateWriteCalendar = " Termine " }, Cancel);

        var created = Assert.Single(_directory.Created);
        Assert.Equal(("Termine", "Europe/Lisbon", CalendarChoice.Mark("jane")), (created.Summary, created.TimeZone, created.Description));
        Assert.Equal(created.Id, Connection.WriteCalendarId);
        Assert.Null(Connection.CreateWriteCalendar);
        Assert.True(chosen!.Calendars.Single(c => c.Calendar.Id == created.Id).IsWrite);
        Assert.Single(_store.Queued);
    }

    [Fact]
    public async Task SetAsync_CreateAgainAfterACrashBeforeSaving_FindsTheMarkedCalendarInsteadOfASecond()
    {
        // The calendar of a try that crashed before it saved the choice: on the list, marked, not chosen.
        _directory.Calendars.Add(new CalendarEntry("made@group.calendar.google.com", "Bookings", "Europe/Lisbon", CalendarAccessRole.Owner, IsPrimary: false)
        {
            Description = CalendarChoice.Mark("jane"),
        });

        await _choice.SetAsync("jane", new CalendarSelection { CreateWriteCalendar = "Bookings" }, Cancel);

        Assert.Empty(_directory.Created);
        Assert.Equal("made@group.calendar.google.com", Connection.WriteCalendarId);
    }

    [Fact]
    public async Task SetAsync_CreateRefusedForTheGrant_KeepsTheWishAndTheRestThenReconnectCreatesIt()
    {
        _directory.RefuseCreate = true;

        var refused = await Assert.ThrowsAsync<ReconnectForCalendarException>(
            () => _choice.SetAsync("jane", new CalendarSelection { BusyOnly = [Team], CreateWriteCalendar = "Bookings" }, Cancel));
        var waiting = Connection;
        var listed = await _choice.ListAsync("jane", Cancel);
        _directory.RefuseCreate = false;
        var created = await _choice.CreateAwaitedAsync("jane", Cancel);

        Assert.Contains("connect again", refused.Message, StringComparison.Ordinal);
        Assert.Equal(("Bookings", Team, null), (waiting.CreateWriteCalendar, waiting.BusyCalendars.ToString(), waiting.WriteCalendarId));
        Assert.Equal("Bookings", listed!.CreateWriteCalendar);
        Assert.Contains("Reconnect awaited", CalendarChoice.AwaitedReconnect(waiting), StringComparison.Ordinal);
        Assert.True(created);
        Assert.Equal((Assert.Single(_directory.Created).Id, null), (Connection.WriteCalendarId, Connection.CreateWriteCalendar));
        Assert.Null(CalendarChoice.AwaitedReconnect(Connection));
    }

    [Fact]
    public async Task SetAsync_WriteChosenWhileACreationIsAwaited_DropsTheWish()
    {
        _directory.RefuseCreate = true;
        await Assert.ThrowsAsync<ReconnectForCalendarException>(() => _choice.SetAsync("jane", new CalendarSelection { CreateWriteCalendar = "Bookings" }, Cancel));

        await _choice.SetAsync("jane", new CalendarSelection { Write = Work }, Cancel);

        Assert.Equal((Work, null), (Connection.WriteCalendarId, Connection.CreateWriteCalendar));
        Assert.False(await _choice.CreateAwaitedAsync("jane", Cancel));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Book\u0007ings")]
    public async Task SetAsync_BadTitle_RefusedBeforeAnythingIsCreated(string title)
    {
        var refused = await Assert.ThrowsAsync<DomainValidationException>(
            () => _choice.SetAsync("jane", new CalendarSelection { CreateWriteCalendar = title }, Cancel));

        Assert.Equal("createWriteCalendar", refused.Field);
        Assert.Empty(_directory.Created);
    }

    [Fact]
    public async Task SetAsync_WriteAndCreateTogether_Refused()
    {
        await Assert.ThrowsAsync<DomainValidationException>(
            () => _choice.SetAsync("jane", new CalendarSelection { Write = Work, CreateWriteCalendar = "Bookings" }, Cancel));

        Assert.Empty(_directory.Created);
    }

    [Fact]
    public async Task SetAsync_NoConnection_AnswersNull() =>
        Assert.Null(await _choice.SetAsync("bob", new CalendarSelection { BusyOnly = [] }, Cancel));
}
