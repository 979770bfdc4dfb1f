using System.Net;
using CalendarSync.Emulator.Tests.Admin;
using CalendarSync.Testing;

namespace CalendarSync.Emulator.Tests.Calendar;

public sealed class CalendarsTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task Insert_Summary_AnswersSecondaryCalendarOwnedByCaller()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.SendAsync(HttpMethod.Post, "calendar/v3/calendars", new { summary = "Bookings", description = "From CalendarSync", timeZone = "Asia/Tokyo" });
        var entry = await caller.GetAsync($"calendar/v3/users/me/calendarList/{Uri.EscapeDataString(answer.Text("id"))}");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("calendar#calendar", answer.Text("kind"));
        Assert.Matches("^c_[0-9a-f]{64}@group\\.calendar\\.google\\.com$", answer.Text("id"));
        Assert.Equal(("Bookings", "From CalendarSync", "Asia/Tokyo"), (answer.Text("summary"), answer.Text("description"), answer.Text("timeZone")));
        Assert.Equal(caller.User!.Email, answer.Text("dataOwner"));
        Assert.Equal(("owner", "Bookings"), (entry.Text("accessRole"), entry.Text("summary")));
        Assert.Null(entry.Body!["primary"]);
    }

    [Fact]
    public async Task Insert_WithoutTimeZone_TakesTheUsersZone()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri, "America/New_York");

        var id = await caller.CreateCalendarAsync("Family");

        Assert.Equal("America/New_York", (await caller.GetAsync($"calendar/v3/calendars/{Uri.EscapeDataString(id)}")).Text("timeZone"));
    }

    [Theory]
    [InlineData("""{"description":"no title"}""", "required", "summary")]
    [InlineData("""{"summary":""}""", "required", "summary")]
    [InlineData("""{"summary":"Mars","timeZone":"Mars/Olympus"}""", "invalid", "timeZone")]
    public async Task Insert_BadBody_Returns400NamingIt(string body, string reason, string location)
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.SendAsync(HttpMethod.Post, "calendar/v3/calendars", body);

        Assert.Equal((HttpStatusCode.BadRequest, reason), (answer.Status, answer.Reason));
        Assert.Equal(location, answer.Body!["error"]!["errors"]![0]!["location"]!.GetValue<string>());
    }

    [Fact]
    public async Task Events_OnSecondaryCalendar_KeptApartFromPrimaryWithTheirOwnSyncToken()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var family = await caller.CreateCalendarAsync("Family");
        await caller.InsertAsync(CalendarCaller.Timed("prim0001", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));
        var inserted = await caller.SendAsync(HttpMethod.Post, CalendarCaller.EventsOf(family), CalendarCaller.Timed("fam00001", "2026-05-04T12:00:00", "2026-05-04T13:00:00"));
        var first = await caller.GetAsync(CalendarCaller.EventsOf(family));
        await caller.SendAsync(HttpMethod.Patch, $"{CalendarCaller.EventsOf(family)}/fam00001", new { summary = "School play" });
        await caller.PatchAsync("prim0001", new { summary = "Elsewhere" });

        var changes = await caller.GetAsync($"{CalendarCaller.EventsOf(family)}?syncToken={first.Text("nextSyncToken")}");
        var primaryToken = await caller.GetAsync($"{CalendarCaller.Events}?syncToken={first.Text("nextSyncToken")}");

        Assert.Equal(HttpStatusCode.OK, inserted.Status);
        Assert.Equal(["fam00001"], first.ItemIds);
        Assert.Equal(("Family", "owner"), (first.Text("summary"), first.Text("accessRole")));
        Assert.Equal(["fam00001"], changes.ItemIds);
        Assert.Equal("School play", changes.Items[0]!["summary"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Gone, primaryToken.Status);
    }

    [Fact]
    public async Task Delete_ByOwner_CalendarAnswers404AndLeavesTheList()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var family = await caller.CreateCalendarAsync("Family");
        var listed = await caller.GetAsync(CalendarCaller.EventsOf(family));

        var deleted = await caller.SendAsync(HttpMethod.Delete, $"calendar/v3/calendars/{Uri.EscapeDataString(family)}");
        var get = await caller.GetAsync($"calendar/v3/calendars/{Uri.EscapeDataString(family)}");
        var sync = await caller.GetAsync($"{CalendarCaller.EventsOf(family)}?syncToken={listed.Text("nextSyncToken")}");
        var list = await caller.GetAsync("calendar/v3/users/me/calendarList");

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal((HttpStatusCode.NotFound, "notFound"), (get.Status, get.Reason));
        Assert.Equal(HttpStatusCode.NotFound, sync.Status);
        Assert.Equal([caller.User!.Email], list.ItemIds);
    }

    [Fact]
    public async Task Delete_Primary_Returns403CannotDeletePrimaryCalendar()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.SendAsync(HttpMethod.Delete, "calendar/v3/calendars/primary");

        Assert.Equal((HttpStatusCode.Forbidden, "cannotDeletePrimaryCalendar", "calendar"), (answer.Status, answer.Reason, answer.Domain));
        Assert.Equal(HttpStatusCode.OK, (await caller.ListAsync()).Status);
    }

    [Fact]
    public async Task Delete_ByWriter_Returns403RequiredAccessLevel()
    {
        using var owner = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        using var writer = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var team = await owner.CreateCalendarAsync("Team");
        await AdminCaller.ShareAsync(emulator.BaseUri, team, writer.User!.Email, "writer");

        var answer = await writer.SendAsync(HttpMethod.Delete, $"calendar/v3/calendars/{Uri.EscapeDataString(team)}");

        Assert.Equal((HttpStatusCode.Forbidden, "requiredAccessLevel"), (answer.Status, answer.Reason));
        Assert.Equal("You need to have owner access to this calendar.", answer.Body!["error"]!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("owner", HttpStatusCode.OK, HttpStatusCode.OK)]
    [InlineData("writer", HttpStatusCode.OK, HttpStatusCode.OK)]
    [InlineData("reader", HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData("freeBusyReader", HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData("none", HttpStatusCode.NotFound, HttpStatusCode.NotFound)]
    public async Task SharedCalendar_EachRole_ReadsAndWritesAsGoogleAllows(string role, HttpStatusCode read, HttpStatusCode write)
    {
        using var owner = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        using var guest = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var team = await owner.CreateCalendarAsync("Team");
        await owner.SendAsync(HttpMethod.Post, CalendarCaller.EventsOf(team), CalendarCaller.Timed("teamevent1", "2026-05-04T10:00:00", "2026-05-04T11:00:00", "Offsite"));
        await AdminCaller.ShareAsync(emulator.BaseUri, team, guest.User!.Email, role);

        var list = await guest.GetAsync(CalendarCaller.EventsOf(team));
        var insert = await guest.SendAsync(HttpMethod.Post, CalendarCaller.EventsOf(team), CalendarCaller.Timed(null, "2026-05-05T10:00:00", "2026-05-05T11:00:00"));

        Assert.Equal((read, write), (list.Status, insert.Status));
        if (list.Status == HttpStatusCode.OK)
        {
            Assert.Equal(role, list.Text("accessRole"));
            Assert.Equal(["teamevent1"], list.ItemIds);
            Assert.Equal(role == "freeBusyReader" ? null : "Offsite", list.Items[0]!["summary"]?.GetValue<string>());
            Assert.Equal("2026-05-04T10:00:00+02:00", list.Items[0]!["start"]!["dateTime"]!.GetValue<string>());
        }

        if (insert.Status == HttpStatusCode.Forbidden)
        {
            Assert.Equal(("requiredAccessLevel", "calendar"), (insert.Reason, insert.Domain));
            Assert.Equal("You need to have writer access to this calendar.", insert.Body!["error"]!["message"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Unshare_CalendarAndItsSyncTokenAnswer404()
    {
        using var owner = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        using var guest = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var team = await owner.CreateCalendarAsync("Team");
        await AdminCaller.ShareAsync(emulator.BaseUri, team, guest.User!.Email, "reader");
        var listed = await guest.GetAsync(CalendarCaller.EventsOf(team));

        await AdminCaller.ShareAsync(emulator.BaseUri, team, guest.User.Email, "none");
        var sync = await guest.GetAsync($"{CalendarCaller.EventsOf(team)}?syncToken={listed.Text("nextSyncToken")}");
        var entry = await guest.GetAsync($"calendar/v3/users/me/calendarList/{Uri.EscapeDataString(team)}");

        Assert.Equal(HttpStatusCode.OK, listed.Status);
        Assert.Equal((HttpStatusCode.NotFound, "notFound"), (sync.Status, sync.Reason));
        Assert.Equal(HttpStatusCode.NotFound, entry.Status);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(CalendarCaller.EventsOf(team))).Status);
    }

    [Fact]
    public async Task ExpireSyncTokens_SecondaryCalendar_Answers410()
    {
        await using var host = await EmulatorHost.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var caller = await CalendarCaller.ForNewUserAsync(host.BaseUri);
        var family = await caller.CreateCalendarAsync("Family");
        var listed = await caller.GetAsync(CalendarCaller.EventsOf(family));

        await AdminCaller.FaultAsync(host.BaseUri, new { kind = "expireSyncTokens" });
        var sync = await caller.GetAsync($"{CalendarCaller.EventsOf(family)}?syncToken={listed.Text("nextSyncToken")}");

        Assert.Equal((HttpStatusCode.Gone, "fullSyncRequired"), (sync.Status, sync.Reason));
    }
}
