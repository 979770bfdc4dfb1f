using System.Net;
using System.Text.Json.Nodes;
using CalendarSync.Testing;

namespace CalendarSync.Emulator.Tests.Admin;

public sealed class AdminEndpointsTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task CreateUser_EmailAndZone_Answers201WithTokens()
    {
        var answer = await AdminCaller.PostAsync(emulator.BaseUri, "emulator/users", new { email = "admin-test@example.com", timeZone = "Asia/Tokyo" });

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.Equal("admin-test@example.com", answer.Text("email"));
        Assert.NotEmpty(answer.Text("accessToken"));
        Assert.NotEmpty(answer.Text("refreshToken"));
    }

    [Fact]
    public async Task CreateUser_UnknownZone_Returns400()
    {
        var answer = await AdminCaller.PostAsync(emulator.BaseUri, "emulator/users", new { email = "zone-test@example.com", timeZone = "Mars/Olympus" });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Fact]
    public async Task CalendarEvents_AfterDelete_ListsEveryEventIncludingCancelled()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        await caller.InsertAsync(CalendarCaller.Timed("admin0001", "2026-05-04T10:00:00", "2026-05-04T11:00:00"));
        await caller.InsertAsync(CalendarCaller.Timed("admin0002", "2026-05-04T12:00:00", "2026-05-04T13:00:00"));
        await caller.DeleteAsync("admin0001");
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };

        var text = await http.GetStringAsync($"emulator/calendars/{caller.User!.Email}/events", TestContext.Current.CancellationToken);
        var items = JsonNode.Parse(text)!["items"]!.AsArray();

        Assert.Equal(["admin0001", "admin0002"], items.Select(e => e!["id"]!.GetValue<string>()));
        Assert.Equal("cancelled", items[0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task CalendarWrites_EachWrite_RecordsWhatItAskedFor()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var guests = new { attendees = new[] { new { email = "customer@example.com" }, new { email = "other@example.com" } } };
        await caller.SendAsync(HttpMethod.Post, CalendarCaller.Events + "?sendUpdates=all", CalendarCaller.Timed("record001", "2026-05-04T10:00:00", "2026-05-04T11:00:00", extra: guests));
        await caller.PatchAsync("record001", new { summary = "Moved" });
        await caller.SendAsync(HttpMethod.Delete, CalendarCaller.Events + "/record001?sendNotifications=false");
        await caller.DeleteAsync("record001");
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };

        var text = await http.GetStringAsync($"emulator/calendars/{caller.User!.Email}/writes", TestContext.Current.CancellationToken);
        var items = JsonNode.Parse(text)!["items"]!.AsArray();

        Assert.Equal(
            ["insert record001 all - 2 200", "patch record001 - - - 200", "delete record001 - false - 204", "delete record001 - - - 410"],
            items.Select(w => $"{w!["method"]} {w["eventId"]} {w["sendUpdates"] ?? "-"} {w["sendNotifications"] ?? "-"} {w["attendees"]?.ToString() ?? "-"} {w["status"]}"));
        Assert.All(items, w => Assert.False((bool)w!["inBatch"]!));
    }

    [Fact]
    public async Task Credentials_AfterUserCreated_ListItsTokens()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };

        var text = await http.GetStringAsync("emulator/credentials", TestContext.Current.CancellationToken);
        var mine = JsonNode.Parse(text)!["items"]!.AsArray().Where(c => (string?)c!["email"] == caller.User!.Email).ToList();

        Assert.Contains(mine, c => (string?)c!["kind"] == "accessToken" && (string?)c["value"] == caller.User!.AccessToken);
        Assert.Contains(mine, c => (string?)c!["kind"] == "refreshToken" && (string?)c["value"] == caller.User!.RefreshToken);
    }

    [Fact]
    public async Task InsertAsGiven_BirthdayAndTimesGoogleWouldRefuse_AreListedAsGiven()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var path = $"emulator/calendars/{caller.User!.Email}/events";

        var birthday = await AdminCaller.PostAsync(emulator.BaseUri, path, new
        {
            id = "given00001", eventType = "birthday", start = new { date = "2026-05-04" }, end = new { date = "2026-05-05" },
        });
        var noTimes = await AdminCaller.PostAsync(emulator.BaseUri, path, new { id = "given00002", summary = "No times" });
        var badZone = await AdminCaller.PostAsync(emulator.BaseUri, path, new
        {
            id = "given00003", start = new { dateTime = "2026-05-04T10:00:00", timeZone = "Mars/Olympus" }, end = new { date = "2026-13-45" },
        });
        var listed = (await caller.ListAsync()).Body!["items"]!.AsArray();

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created], [birthday.Status, noTimes.Status, badZone.Status]);
        Assert.Equal("birthday", (string?)listed.Single(e => (string?)e!["id"] == "given00001")!["eventType"]);
        Assert.Null(listed.Single(e => (string?)e!["id"] == "given00002")!["start"]);
        var zoned = listed.Single(e => (string?)e!["id"] == "given00003")!;
        Assert.Equal("Mars/Olympus", (string?)zoned["start"]!["timeZone"]);
        Assert.Equal("2026-13-45", (string?)zoned["end"]!["date"]);
    }

    [Fact]
    public async Task Share_Reader_CalendarJoinsTheUsersListWithThatRole()
    {
        using var owner = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        using var guest = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var team = await owner.CreateCalendarAsync("Team");

        var answer = await AdminCaller.ShareAsync(emulator.BaseUri, team, guest.User!.Email, "reader");
        var entry = await guest.GetAsync($"calendar/v3/users/me/calendarList/{Uri.EscapeDataString(team)}");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(("reader", "Team", owner.User!.Email), (entry.Text("accessRole"), entry.Text("summary"), entry.Text("dataOwner")));
    }

    [Fact]
    public async Task Unshare_Delete_CalendarLeavesTheUsersList()
    {
        using var owner = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        using var guest = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var team = await owner.CreateCalendarAsync("Team");
        await AdminCaller.ShareAsync(emulator.BaseUri, team, guest.User!.Email, "writer");
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };

        var answer = await http.DeleteAsync($"emulator/calendars/{Uri.EscapeDataString(team)}/share/{guest.User.Email}", TestContext.Current.CancellationToken);
        var list = await guest.GetAsync("calendar/v3/users/me/calendarList");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal([guest.User.Email], list.ItemIds);
    }

    [Fact]
    public async Task Unsubscribe_CalendarLeavesTheListButStillAnswers_ThenNotOnTheList404_Primary400()
    {
        using var owner = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        using var guest = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var team = await owner.CreateCalendarAsync("Team");
        await AdminCaller.ShareAsync(emulator.BaseUri, team, guest.User!.Email, "reader");
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };
        var path = $"emulator/users/{guest.User.Email}/calendarList/{Uri.EscapeDataString(team)}";

        using var answer = await http.DeleteAsync(path, TestContext.Current.CancellationToken);
        var list = await guest.GetAsync("calendar/v3/users/me/calendarList");
        var events = await guest.GetAsync($"calendar/v3/calendars/{Uri.EscapeDataString(team)}/events");
        using var again = await http.DeleteAsync(path, TestContext.Current.CancellationToken);
        using var primary = await http.DeleteAsync($"emulator/users/{guest.User.Email}/calendarList/{Uri.EscapeDataString(guest.User.Email)}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal([guest.User.Email], list.ItemIds);
        Assert.Equal(HttpStatusCode.OK, events.Status);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, primary.StatusCode);
    }

    [Fact]
    public async Task DeleteCalendar_GoneForItsOwnerAndWhoItWasSharedWith_Primary400()
    {
        using var owner = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        using var guest = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var team = await owner.CreateCalendarAsync("Team");
        await AdminCaller.ShareAsync(emulator.BaseUri, team, guest.User!.Email, "reader");
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };

        using var answer = await http.DeleteAsync($"emulator/calendars/{Uri.EscapeDataString(team)}", TestContext.Current.CancellationToken);
        var events = await guest.GetAsync($"calendar/v3/calendars/{Uri.EscapeDataString(team)}/events");
        var list = await owner.GetAsync("calendar/v3/users/me/calendarList");
        using var primary = await http.DeleteAsync($"emulator/calendars/{Uri.EscapeDataString(owner.User!.Email)}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, events.Status);
        Assert.Equal([owner.User.Email], list.ItemIds);
        Assert.Equal(HttpStatusCode.BadRequest, primary.StatusCode);
    }

    [Theory]
    [InlineData("nobody-here@example.com", "reader", HttpStatusCode.NotFound)]
    [InlineData(null, "admin", HttpStatusCode.BadRequest)]
    [InlineData("owner", "reader", HttpStatusCode.BadRequest)]
    public async Task Share_UnknownUserBadRoleOrItsOwner_Refused(string? user, string role, HttpStatusCode status)
    {
        using var owner = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        using var guest = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var team = await owner.CreateCalendarAsync("Team");

        var answer = await AdminCaller.ShareAsync(emulator.BaseUri, team, user == "owner" ? owner.User!.Email : user ?? guest.User!.Email, role);

        Assert.Equal(status, answer.Status);
        Assert.Equal("owner", (await owner.GetAsync($"calendar/v3/users/me/calendarList/{Uri.EscapeDataString(team)}")).Text("accessRole"));
    }

    [Fact]
    public async Task Share_UnknownCalendar_Returns404()
    {
        using var guest = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await AdminCaller.ShareAsync(emulator.BaseUri, "c_missing@group.calendar.google.com", guest.User!.Email, "reader");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
    }
}
