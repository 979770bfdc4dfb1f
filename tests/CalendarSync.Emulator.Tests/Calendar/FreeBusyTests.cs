using System.Net;
using System.Text.Json.Nodes;
using CalendarSync.Testing;

namespace CalendarSync.Emulator.Tests.Calendar;

public sealed class FreeBusyTests(EmulatorFixture emulator)
{
    private const string FreeBusy = "calendar/v3/freeBusy";

    private static readonly string[] ThreeDays = ["RRULE:FREQ=DAILY;COUNT=3"];

    [Fact]
    public async Task Query_OpaqueTentativeAllDayAndSeries_BusyMergedAndClipped()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(CalendarCaller.Timed(null, "2026-05-04T09:00:00", "2026-05-04T10:00:00"));
        await caller.InsertAsync(CalendarCaller.Timed(null, "2026-05-04T09:30:00", "2026-05-04T11:00:00", extra: new { status = "tentative" }));
        await caller.InsertAsync(CalendarCaller.Timed(null, "2026-05-04T11:00:00", "2026-05-04T11:30:00"));
        await caller.InsertAsync(CalendarCaller.Timed(null, "2026-05-04T13:00:00", "2026-05-04T14:00:00", extra: new { transparency = "transparent" }));
        var cancelled = await caller.InsertAsync(CalendarCaller.Timed(null, "2026-05-04T15:00:00", "2026-05-04T16:00:00"));
        await caller.DeleteAsync(cancelled.Text("id"));
        await caller.InsertAsync(new { start = new { date = "2026-05-06" }, end = new { date = "2026-05-07" } });
        var series = await caller.InsertAsync(CalendarCaller.Timed(
            null, "2026-05-04T17:00:00", "2026-05-04T18:00:00", extra: new { recurrence = ThreeDays }));
        await caller.DeleteAsync($"{series.Text("id")}_20260505T150000Z");

        var answer = await QueryAsync(caller, "2026-05-04T07:30:00Z", "2026-05-06T12:00:00Z", [caller.User!.Email]);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("calendar#freeBusy", answer.Text("kind"));
        Assert.Equal("2026-05-04T07:30:00.000Z", answer.Text("timeMin"));
        Assert.Equal(
            [
                ("2026-05-04T07:30:00Z", "2026-05-04T09:30:00Z"), // 09:00-11:30 Berlin, overlapping and touching, clipped at timeMin
                ("2026-05-04T15:00:00Z", "2026-05-04T16:00:00Z"), // the series' first instance; its second was deleted
                ("2026-05-05T22:00:00Z", "2026-05-06T12:00:00Z"), // the all-day event from Berlin midnight, clipped at timeMax
            ],
            Busy(answer, caller.User.Email));
    }

    [Fact]
    public async Task Query_SeveralCalendars_OwnAnsweredOthersNotFound()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        using var colleague = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await colleague.InsertAsync(CalendarCaller.Timed(null, "2026-05-04T09:00:00", "2026-05-04T10:00:00"));
        await caller.InsertAsync(CalendarCaller.Timed(null, "2026-05-04T09:00:00", "2026-05-04T10:00:00"));

        var answer = await QueryAsync(
            caller, "2026-05-04T00:00:00Z", "2026-05-05T00:00:00Z", ["primary", colleague.User!.Email, "nobody@example.com"], "Europe/Berlin");

        var calendars = answer.Body!["calendars"]!.AsObject();
        Assert.Equal(["primary", colleague.User.Email, "nobody@example.com"], calendars.Select(pair => pair.Key));
        Assert.Equal([("2026-05-04T09:00:00+02:00", "2026-05-04T10:00:00+02:00")], Busy(answer, "primary"));
        Assert.Null(calendars["primary"]!["errors"]);
        foreach (var other in new[] { colleague.User.Email, "nobody@example.com" })
        {
            Assert.Equal("notFound", calendars[other]!["errors"]![0]!["reason"]!.GetValue<string>());
            Assert.Equal("global", calendars[other]!["errors"]![0]!["domain"]!.GetValue<string>());
            Assert.Empty(calendars[other]!["busy"]!.AsArray());
        }
    }

    [Fact]
    public async Task Query_PrimarySecondaryShared_AnsweredUnsharedAndUnknownNotFound()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        using var colleague = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var family = await caller.CreateCalendarAsync("Family");
        var team = await colleague.CreateCalendarAsync("Team");
        var board = await colleague.CreateCalendarAsync("Board");
        await Admin.AdminCaller.ShareAsync(emulator.BaseUri, team, caller.User!.Email, "freeBusyReader");
        await Admin.AdminCaller.ShareAsync(emulator.BaseUri, board, caller.User.Email, "reader");
        await Admin.AdminCaller.ShareAsync(emulator.BaseUri, board, caller.User.Email, "none");
        await caller.InsertAsync(CalendarCaller.Timed(null, "2026-05-04T09:00:00", "2026-05-04T10:00:00"));
        await caller.SendAsync(HttpMethod.Post, CalendarCaller.EventsOf(family), CalendarCaller.Timed(null, "2026-05-04T11:00:00", "2026-05-04T12:00:00"));
        await colleague.SendAsync(HttpMethod.Post, CalendarCaller.EventsOf(team), CalendarCaller.Timed(null, "2026-05-04T13:00:00", "2026-05-04T14:00:00"));
        await colleague.SendAsync(HttpMethod.Post, CalendarCaller.EventsOf(board), CalendarCaller.Timed(null, "2026-05-04T15:00:00", "2026-05-04T16:00:00"));

        var answer = await QueryAsync(
            caller, "2026-05-04T00:00:00Z", "2026-05-05T00:00:00Z", ["primary", family, team, board, "nobody@example.com"], "Europe/Berlin");

        var calendars = answer.Body!["calendars"]!.AsObject();
        Assert.Equal([("2026-05-04T09:00:00+02:00", "2026-05-04T10:00:00+02:00")], Busy(answer, "primary"));
        Assert.Equal([("2026-05-04T11:00:00+02:00", "2026-05-04T12:00:00+02:00")], Busy(answer, family));
        Assert.Equal([("2026-05-04T13:00:00+02:00", "2026-05-04T14:00:00+02:00")], Busy(answer, team));
        Assert.Equal(
            ["notFound", "notFound"],
            new[] { board, "nobody@example.com" }.Select(id => calendars[id]!["errors"]![0]!["reason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Query_MoreThanFiftyCalendars_RestTooManyCalendarsRequested()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var ids = Enumerable.Range(0, 52).Select(i => $"c{i}@example.com").ToArray();

        var answer = await QueryAsync(caller, "2026-05-04T00:00:00Z", "2026-05-05T00:00:00Z", ids);

        var calendars = answer.Body!["calendars"]!.AsObject();
        Assert.Equal("notFound", calendars[ids[49]]!["errors"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal("tooManyCalendarsRequested", calendars[ids[50]]!["errors"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal("tooManyCalendarsRequested", calendars[ids[51]]!["errors"]![0]!["reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"timeMax":"2026-05-05T00:00:00Z","items":[]}""", "required", "timeMin")]
    [InlineData("""{"timeMin":"2026-05-04T00:00:00","timeMax":"2026-05-05T00:00:00Z","items":[]}""", "invalid", "timeMin")]
    [InlineData("""{"timeMin":"2026-05-05T00:00:00Z","timeMax":"2026-05-05T00:00:00Z","items":[]}""", "timeRangeEmpty", "timeMax")]
    [InlineData("""{"timeMin":"2026-05-04T00:00:00Z","timeMax":"2026-05-05T00:00:00Z","calendarExpansionMax":51}""", "invalid", "calendarExpansionMax")]
    [InlineData("""{"timeMin":"2026-05-04T00:00:00Z","timeMax":"2026-05-05T00:00:00Z","timeZone":"Mars/Olympus"}""", "invalid", "timeZone")]
    public async Task Query_BadRange_Returns400NamingIt(string body, string reason, string location)
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.SendAsync(HttpMethod.Post, FreeBusy, body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(reason, answer.Reason);
        Assert.Equal(location, answer.Body!["error"]!["errors"]![0]!["location"]!.GetValue<string>());
    }

    [Fact]
    public async Task Query_NoToken_Returns401()
    {
        using var anonymous = new CalendarCaller(emulator.BaseUri, accessToken: null);

        var answer = await anonymous.SendAsync(HttpMethod.Post, FreeBusy, """{"timeMin":"2026-05-04T00:00:00Z","timeMax":"2026-05-05T00:00:00Z"}""");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
    }

    private static Task<Answer> QueryAsync(CalendarCaller caller, string timeMin, string timeMax, string[] ids, string? timeZone = null)
    {
        var body = new JsonObject
        {
            ["timeMin"] = timeMin,
            ["timeMax"] = timeMax,
            ["items"] = new JsonArray(ids.Select(id => (JsonNode)new JsonObject { ["id"] = id }).ToArray()),
        };
        if (timeZone is not null)
        {
            body["timeZone"] = timeZone;
        }

        return caller.SendAsync(HttpMethod.Post, FreeBusy, body.ToJsonString());
    }

    private static List<(string Start, string End)> Busy(Answer answer, string id) =>
        answer.Body!["calendars"]![id]!["busy"]!.AsArray()
            .Select(period => (period!["start"]!.GetValue<string>(), period["end"]!.GetValue<string>()))
            .ToList();
}
