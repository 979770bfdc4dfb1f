using System.Net.Http.Headers;
using CalendarSync.Core.Calendar;
using CalendarSync.Google.Sync;
using CalendarSync.Google.Tests.Fakes;
using CalendarSync.Testing;

namespace CalendarSync.Google.Tests.Sync;

/// <summary>Core's calendar directory, and the provider and push channels on a calendar by id, against the emulator over HTTP.</summary>
public sealed class GoogleCalendarDirectoryTests(EmulatorFixture emulator)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static readonly DateTimeOffset Day = new(2026, 9, 7, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListCalendarsAsync_OwnAndShared_EachWithItsRoleAndThePrimaryMarked()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (user, connection) = await google.ConnectAsync(EmulatorGoogle.WithCreatedCalendars, Cancel);
        var (_, colleague) = await google.ColleagueAsync(Cancel);
        var directory = google.Directory();
        var bookings = await directory.CreateCalendarAsync(connection, "Bookings", "Europe/Berlin", null, Cancel);
        var team = await directory.CreateCalendarAsync(colleague, "Team", "Europe/Lisbon", null, Cancel);
        await google.ShareAsync(team.Id, user.Email, "freeBusyReader", Cancel);

        var calendars = await directory.ListCalendarsAsync(connection, Cancel);

        Assert.Equal(
            [
                new CalendarEntry(user.Email, user.Email, "Europe/Berlin", CalendarAccessRole.Owner, IsPrimary: true),
                bookings,
                new CalendarEntry(team.Id, "Team", "Europe/Lisbon", CalendarAccessRole.FreeBusyReader, IsPrimary: false),
            ],
            calendars);
        Assert.Equal(new CalendarEntry(bookings.Id, "Bookings", "Europe/Berlin", CalendarAccessRole.Owner, IsPrimary: false), bookings);
    }

    [Fact]
    public async Task CreateCalendarAsync_WithADescription_ListedWithIt()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (_, connection) = await google.ConnectAsync(EmulatorGoogle.WithCreatedCalendars, Cancel);
        var directory = google.Directory();

        var made = await directory.CreateCalendarAsync(connection, "Bookings", "Europe/Berlin", "Made by CalendarSync for s-1.", Cancel);
        var listed = Assert.Single(await directory.ListCalendarsAsync(connection, Cancel), c => c.Id == made.Id);

        Assert.Equal("Made by CalendarSync for s-1.", made.Description);
        Assert.Equal(made, listed);
        Assert.Null((await directory.ListCalendarsAsync(connection, Cancel)).Single(c => c.IsPrimary).Description);
    }

    [Fact]
    public async Task ListCalendarsAsync_MoreThanOnePage_ReadsEveryPage()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (_, connection) = await google.ConnectAsync(EmulatorGoogle.WithCreatedCalendars, Cancel);
        var directory = google.Directory();
        for (var i = 0; i < 260; i++)
        {
            await directory.CreateCalendarAsync(connection, $"Calendar {i}", "UTC", null, Cancel);
        }

        var calendars = await directory.ListCalendarsAsync(connection, Cancel);

        Assert.Equal(261, calendars.Count);
        Assert.Equal(261, calendars.Select(c => c.Id).Distinct().Count());
        Assert.Equal("Calendar 259", calendars[^1].Summary);
    }

    [Fact]
    public async Task OpenAsync_CreatedCalendar_EventsWrittenThereAndNotInThePrimary()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (_, connection) = await google.ConnectAsync(EmulatorGoogle.WithCreatedCalendars, Cancel);
        var bookings = await google.Directory().CreateCalendarAsync(connection, "Bookings", "Europe/Berlin", null, Cancel);
        var calendar = await google.OpenAsync(connection, bookings.Id, Cancel);
        var primary = await google.OpenAsync(connection, Cancel);

        var written = await calendar.WriteAsync([EventWrite.Insert(Event("b1", Day.AddHours(9)))], Cancel);
        var listed = await calendar.ListEventsAsync(new EventListRequest(), Cancel);
        var inPrimary = await primary.ListEventsAsync(new EventListRequest(), Cancel);

        Assert.Equal(EventWriteOutcome.Written, Assert.Single(written).Outcome);
        Assert.Equal(written[0].Event!.Id, Assert.Single(listed.Items).Id);
        Assert.Empty(inPrimary.Items);
    }

    [Fact]
    public async Task QueryFreeBusyAsync_PrimarySecondarySharedUnknown_BusyEachOrItsReasonInOneCall()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (user, connection) = await google.ConnectAsync(EmulatorGoogle.WithCreatedCalendars + " " + EmulatorFixture.FreeBusyScope, Cancel);
        var (_, colleague) = await google.ColleagueAsync(Cancel);
        var directory = google.Directory();
        var family = await directory.CreateCalendarAsync(connection, "Family", "Europe/Berlin", null, Cancel);
        var team = await directory.CreateCalendarAsync(colleague, "Team", "Europe/Berlin", null, Cancel);
        await google.ShareAsync(team.Id, user.Email, "freeBusyReader", Cancel);
        await (await google.OpenAsync(connection, Cancel)).WriteAsync([EventWrite.Insert(Event("p1", Day.AddHours(8)))], Cancel);
        await (await google.OpenAsync(connection, family.Id, Cancel)).WriteAsync([EventWrite.Insert(Event("f1", Day.AddHours(10)))], Cancel);
        await (await google.OpenAsync(colleague, team.Id, Cancel)).WriteAsync([EventWrite.Insert(Event("t1", Day.AddHours(12)))], Cancel);

        var busy = await (await google.OpenAsync(connection, Cancel)).QueryFreeBusyAsync(
            [user.Email, family.Id, team.Id, "nobody@example.com"], Day, Day.AddDays(1), Cancel);

        Assert.Equal([new Core.Data.BusyPeriod(Day.AddHours(8), Day.AddHours(9))], busy[user.Email].Busy);
        Assert.Equal([new Core.Data.BusyPeriod(Day.AddHours(10), Day.AddHours(11))], busy[family.Id].Busy);
        Assert.Equal([new Core.Data.BusyPeriod(Day.AddHours(12), Day.AddHours(13))], busy[team.Id].Busy);
        Assert.True(busy[team.Id].IsAnswered);
        Assert.Equal(("notFound", false), (busy["nobody@example.com"].Error, busy["nobody@example.com"].IsAnswered));
    }

    [Fact]
    public async Task QueryFreeBusyAsync_MoreThanFiftyCalendars_ThrowsBeforeAsking()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (_, connection) = await google.ConnectAsync(Cancel);
        var calendar = await google.OpenAsync(connection, Cancel);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            calendar.QueryFreeBusyAsync(Enumerable.Range(0, 51).Select(i => $"c{i}@example.com").ToList(), Day, Day.AddDays(1), Cancel));
    }

    [Fact]
    public async Task CalendarDeleted_ListEventsAndWatchThrowCalendarNotFound()
    {
        using var receiver = new NotificationReceiver();
        using var google = new EmulatorGoogle(emulator.BaseUri);
        google.Options.NotificationUri = receiver.Address;
        var (user, connection) = await google.ConnectAsync(EmulatorGoogle.WithCreatedCalendars, Cancel);
        var family = await google.Directory().CreateCalendarAsync(connection, "Family", "Europe/Berlin", null, Cancel);
        var calendar = await google.OpenAsync(connection, family.Id, Cancel);
        var listed = await calendar.ListEventsAsync(new EventListRequest(), Cancel);

        using var http = new HttpClient { BaseAddress = emulator.BaseUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        (await http.DeleteAsync($"calendar/v3/calendars/{Uri.EscapeDataString(family.Id)}", Cancel)).EnsureSuccessStatusCode();
        var channels = new GooglePushChannels(google.OAuth, google.Services, google.Options, google.Clock);

        var insert = await calendar.WriteAsync([EventWrite.Insert(Event("gone", Day))], Cancel);

        await Assert.ThrowsAsync<CalendarNotFoundException>(() => calendar.ListEventsAsync(new EventListRequest { SyncToken = listed.NextSyncToken }, Cancel));
        Assert.IsType<CalendarNotFoundException>(Assert.Single(insert).Error);
        await Assert.ThrowsAsync<CalendarNotFoundException>(() => channels.WatchAsync(connection, family.Id, "channel-gone", "token", TimeSpan.FromHours(1), Cancel));
        Assert.DoesNotContain(family.Id, (await google.Directory().ListCalendarsAsync(connection, Cancel)).Select(c => c.Id));
    }

    [Fact]
    public async Task CalendarUnshared_ListEventsThrowsCalendarNotFoundAndFreeBusyNotFound()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (user, connection) = await google.ConnectAsync(EmulatorGoogle.WithBusyTimes, Cancel);
        var (_, colleague) = await google.ColleagueAsync(Cancel);
        var team = await google.Directory().CreateCalendarAsync(colleague, "Team", "Europe/Berlin", null, Cancel);
        await google.ShareAsync(team.Id, user.Email, "reader", Cancel);
        var calendar = await google.OpenAsync(connection, team.Id, Cancel);
        var before = await calendar.ListEventsAsync(new EventListRequest(), Cancel);

        await google.ShareAsync(team.Id, user.Email, "none", Cancel);

        Assert.NotNull(before.NextSyncToken);
        await Assert.ThrowsAsync<CalendarNotFoundException>(() => calendar.ListEventsAsync(new EventListRequest(), Cancel));
        Assert.Equal(CalendarBusy.NotFound, (await calendar.QueryFreeBusyAsync([team.Id], Day, Day.AddDays(1), Cancel))[team.Id].Error);
    }

    [Fact]
    public async Task SharedAsReader_WriteFailsNotWritable()
    {
        using var google = new EmulatorGoogle(emulator.BaseUri);
        var (user, connection) = await google.ConnectAsync(Cancel);
        var (_, colleague) = await google.ColleagueAsync(Cancel);
        var team = await google.Directory().CreateCalendarAsync(colleague, "Team", "Europe/Berlin", null, Cancel);
        await google.ShareAsync(team.Id, user.Email, "reader", Cancel);
        var calendar = await google.OpenAsync(connection, team.Id, Cancel);

        var written = await calendar.WriteAsync([EventWrite.Insert(Event("r1", Day))], Cancel);

        Assert.Equal(EventWriteOutcome.Failed, Assert.Single(written).Outcome);
        Assert.IsType<CalendarNotWritableException>(written[0].Error);
    }

    [Fact]
    public async Task WatchAsync_SecondaryCalendar_OwnResourceIdNotifiedOnItsChanges()
    {
        using var receiver = new NotificationReceiver();
        using var google = new EmulatorGoogle(emulator.BaseUri);
        google.Options.NotificationUri = receiver.Address;
        var (_, connection) = await google.ConnectAsync(EmulatorGoogle.WithCreatedCalendars, Cancel);
        var family = await google.Directory().CreateCalendarAsync(connection, "Family", "Europe/Berlin", null, Cancel);
        var channels = new GooglePushChannels(google.OAuth, google.Services, google.Options, google.Clock);

        var primary = await channels.WatchAsync(connection, "channel-primary-" + Guid.NewGuid().ToString("N"), "p", TimeSpan.FromHours(1), Cancel);
        var watched = await channels.WatchAsync(connection, family.Id, "channel-family-" + Guid.NewGuid().ToString("N"), "f", TimeSpan.FromHours(1), Cancel);
        await receiver.NextAsync(Wait);
        await receiver.NextAsync(Wait);
        await (await google.OpenAsync(connection, family.Id, Cancel)).WriteAsync([EventWrite.Insert(Event("w1", Day))], Cancel);
        var change = await receiver.NextAsync(Wait);

        Assert.NotEqual(primary.ResourceId, watched.ResourceId);
        Assert.Equal((watched.ResourceId, "f"), (change?.Headers["X-Goog-Resource-ID"], change?.Headers["X-Goog-Channel-Token"]));
        Assert.Null(await receiver.NextAsync(TimeSpan.FromMilliseconds(300)));
    }

    private static CalendarEvent Event(string key, DateTimeOffset start) => new()
    {
        Id = EventIds.For(Core.Domain.ItemKey.Parse($"appointment:{key}")),
        Summary = "Appointment",
        Start = EventDateTime.ForInstant(start, TimeZoneInfo.Utc),
        End = EventDateTime.ForInstant(start.AddHours(1), TimeZoneInfo.Utc),
    };
}
