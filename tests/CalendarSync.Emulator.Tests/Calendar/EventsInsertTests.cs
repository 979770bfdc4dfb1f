using System.Net;
using CalendarSync.Testing;

namespace CalendarSync.Emulator.Tests.Calendar;

public sealed class EventsInsertTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task Insert_ClientChosenId_AnswersGoogleEventShape()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.InsertAsync(CalendarCaller.Timed("appt00001", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("calendar#event", answer.Text("kind"));
        Assert.Equal("appt00001", answer.Text("id"));
        Assert.Matches("^\".+\"$", answer.Text("etag"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", answer.Text("created"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", answer.Text("updated"));
        Assert.StartsWith(emulator.BaseUri.ToString(), answer.Text("htmlLink"), StringComparison.Ordinal);
        Assert.Equal("appt00001@google.com", answer.Text("iCalUID"));
        Assert.Equal(0, answer.Body!["sequence"]!.GetValue<int>());
        Assert.Equal("confirmed", answer.Text("status"));
        Assert.Equal("default", answer.Text("eventType"));
        Assert.True(answer.Body!["organizer"]!["self"]!.GetValue<bool>());
        Assert.Equal("2026-05-04T10:00:00+02:00", answer.Body!["start"]!["dateTime"]!.GetValue<string>());
        Assert.Equal("Europe/Berlin", answer.Body!["start"]!["timeZone"]!.GetValue<string>());
    }

    [Fact]
    public async Task Insert_GzipBody_IsReadAsGoogleReadsIt()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(CalendarCaller.Timed("gb0d1e5", "2026-05-04T10:00:00", "2026-05-04T11:00:00", "Zipped"));
        using var compressed = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(json, TestContext.Current.CancellationToken);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, CalendarCaller.Events)
        {
            Content = new ByteArrayContent(compressed.ToArray()),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Content.Headers.ContentEncoding.Add("gzip");
        var answer = await caller.SendAsync(request);

        Assert.True(answer.Status == HttpStatusCode.OK, $"{answer.Status}: {answer.Body}");
        Assert.Equal("Zipped", answer.Text("summary"));
    }

    [Fact]
    public async Task Insert_NoId_AssignsBase32HexId()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.InsertAsync(CalendarCaller.Timed(null, "2026-05-04T10:00:00", "2026-05-04T11:00:00"));

        Assert.Matches("^[a-v0-9]{5,1024}$", answer.Text("id"));
    }

    [Theory]
    [InlineData("abc1")]
    [InlineData("ABCDE12345")]
    [InlineData("wxyz12345")]
    [InlineData("abcde_12345")]
    public async Task Insert_InvalidId_Returns400(string id)
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.InsertAsync(CalendarCaller.Timed(id, "2026-05-04T10:00:00", "2026-05-04T11:00:00"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("invalid", answer.Reason);
    }

    [Fact]
    public async Task Insert_IdInUse_Returns409Duplicate()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(CalendarCaller.Timed("appt00002", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));

        var answer = await caller.InsertAsync(CalendarCaller.Timed("appt00002", "2026-05-05T10:00:00", "2026-05-05T11:00:00"));

        Assert.Equal(HttpStatusCode.Conflict, answer.Status);
        Assert.Equal("duplicate", answer.Reason);
    }

    [Fact]
    public async Task Insert_IdOfDeletedEvent_Returns409Duplicate()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(CalendarCaller.Timed("appt00003", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));
        await caller.DeleteAsync("appt00003");

        var answer = await caller.InsertAsync(CalendarCaller.Timed("appt00003", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));

        Assert.Equal(HttpStatusCode.Conflict, answer.Status);
    }

    [Fact]
    public async Task Insert_SameIdInAnotherCalendar_Succeeds()
    {
        using var jane = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        using var john = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await jane.InsertAsync(CalendarCaller.Timed("appt00004", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));

        var answer = await john.InsertAsync(CalendarCaller.Timed("appt00004", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }

    [Fact]
    public async Task Insert_LocalTimeWithoutZone_Returns400()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.InsertAsync(new { start = new { dateTime = "2026-05-04T10:00:00" }, end = new { dateTime = "2026-05-04T11:00:00" } });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("Missing time zone", answer.Body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insert_EndBeforeStart_Returns400TimeRangeEmpty()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.InsertAsync(CalendarCaller.Timed(null, "2026-05-04T11:00:00", "2026-05-04T10:00:00"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("timeRangeEmpty", answer.Reason);
    }

    [Fact]
    public async Task Insert_MissingEnd_Returns400Required()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.InsertAsync(new { start = new { date = "2026-05-04" } });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("required", answer.Reason);
    }

    [Fact]
    public async Task Insert_OffsetTimeAcrossDst_AnswersEachInstantsOwnOffset()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        // 01:30 CET to 03:30 CEST on 29 March 2026 is one hour of real time.
        var answer = await caller.InsertAsync(new
        {
            start = new { dateTime = "2026-03-29T00:30:00Z" },
            end = new { dateTime = "2026-03-29T01:30:00Z" },
        });

        Assert.Equal("2026-03-29T01:30:00+01:00", answer.Body!["start"]!["dateTime"]!.GetValue<string>());
        Assert.Equal("2026-03-29T03:30:00+02:00", answer.Body!["end"]!["dateTime"]!.GetValue<string>());
    }

    [Fact]
    public async Task Insert_AllDay_KeepsDatesWithExclusiveEnd()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.InsertAsync(new { start = new { date = "2026-12-24" }, end = new { date = "2026-12-27" } });

        Assert.Equal("2026-12-24", answer.Body!["start"]!["date"]!.GetValue<string>());
        Assert.Equal("2026-12-27", answer.Body!["end"]!["date"]!.GetValue<string>());
        Assert.Null(answer.Body!["start"]!["dateTime"]);
    }

    [Fact]
    public async Task Insert_DateAndDateTimeMixed_Returns400()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.InsertAsync(new { start = new { date = "2026-12-24" }, end = new { dateTime = "2026-12-24T10:00:00Z" } });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Fact]
    public async Task Insert_OwnerAmongAttendees_MarksSelfWithResponseStatus()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.InsertAsync(CalendarCaller.Timed(null, "2026-05-04T10:00:00", "2026-05-04T11:00:00", extra: new
        {
            attendees = new object[]
            {
                new { email = caller.User!.Email, responseStatus = "declined" },
                new { email = "guest@example.com" },
            },
        }));

        var attendees = answer.Body!["attendees"]!.AsArray();
        Assert.True(attendees[0]!["self"]!.GetValue<bool>());
        Assert.Equal("declined", attendees[0]!["responseStatus"]!.GetValue<string>());
        Assert.Null(attendees[1]!["self"]);
        Assert.Equal("needsAction", attendees[1]!["responseStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Insert_EventTypeTransparencyAndProperties_RoundTrip()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var inserted = await caller.InsertAsync(CalendarCaller.Timed(null, "2026-05-04T10:00:00", "2026-05-04T11:00:00", extra: new
        {
            eventType = "workingLocation",
            workingLocationProperties = new { type = "customLocation", customLocation = new { label = "Library" } },
            transparency = "transparent",
            extendedProperties = new { @private = new { key = "block:7" }, shared = new { origin = "calsync" } },
        }));
        var read = await caller.GetAsync($"{CalendarCaller.Events}/{inserted.Text("id")}");

        Assert.Equal("workingLocation", read.Text("eventType"));
        Assert.Equal("Library", read.Body!["workingLocationProperties"]!["customLocation"]!["label"]!.GetValue<string>());
        Assert.Equal("transparent", read.Text("transparency"));
        Assert.Equal("block:7", read.Body!["extendedProperties"]!["private"]!["key"]!.GetValue<string>());
        Assert.Equal("calsync", read.Body!["extendedProperties"]!["shared"]!["origin"]!.GetValue<string>());
    }

    [Fact]
    public async Task Insert_VisibilityColourAndNoReminders_RoundTrip()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var inserted = await caller.InsertAsync(CalendarCaller.Timed(null, "2026-05-04T10:00:00", "2026-05-04T11:00:00", extra: new
        {
            visibility = "private",
            colorId = "11",
            reminders = new { useDefault = false, overrides = Array.Empty<object>() },
        }));
        var read = await caller.GetAsync($"{CalendarCaller.Events}/{inserted.Text("id")}");

        Assert.Equal(("private", "11"), (read.Text("visibility"), read.Text("colorId")));
        Assert.False(read.Body!["reminders"]!["useDefault"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("""{"visibility":"secret"}""")]
    [InlineData("""{"colorId":"12"}""")]
    [InlineData("""{"colorId":"05"}""")]
    [InlineData("""{"reminders":{"useDefault":true,"overrides":[{"method":"popup","minutes":10}]}}""")]
    [InlineData("""{"reminders":{"useDefault":false,"overrides":[{"method":"sms","minutes":10}]}}""")]
    public async Task Insert_VisibilityColourOrRemindersGoogleRefuses_Returns400(string extra)
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.InsertAsync(CalendarCaller.Timed(null, "2026-05-04T10:00:00", "2026-05-04T11:00:00", extra: System.Text.Json.Nodes.JsonNode.Parse(extra)));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Fact]
    public async Task Insert_BirthdayEventType_Returns400()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.InsertAsync(new { eventType = "birthday", start = new { date = "2026-12-24" }, end = new { date = "2026-12-25" } });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Fact]
    public async Task Insert_SummaryNotAString_Returns400()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.InsertAsync(new { summary = 42, start = new { date = "2026-12-24" }, end = new { date = "2026-12-25" } });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Fact]
    public async Task Insert_MalformedJson_Returns400ParseError()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.SendAsync(HttpMethod.Post, CalendarCaller.Events, "{not json");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("parseError", answer.Reason);
    }
}
