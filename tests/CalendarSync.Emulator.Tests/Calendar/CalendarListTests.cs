using System.Net;
using CalendarSync.Emulator.Tests.Admin;
using CalendarSync.Testing;

namespace CalendarSync.Emulator.Tests.Calendar;

public sealed class CalendarListTests(EmulatorFixture emulator)
{
    private const string CalendarList = "calendar/v3/users/me/calendarList";

    [Fact]
    public async Task List_OwnAndShared_EachWithItsAccessRolePrimaryMarked()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        using var colleague = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var family = await caller.CreateCalendarAsync("Family");
        var team = await colleague.CreateCalendarAsync("Team");
        await AdminCaller.ShareAsync(emulator.BaseUri, team, caller.User!.Email, "freeBusyReader");
        await AdminCaller.ShareAsync(emulator.BaseUri, colleague.User!.Email, caller.User.Email, "reader");

        var answer = await caller.GetAsync(CalendarList);

        Assert.Equal("calendar#calendarList", answer.Text("kind"));
        Assert.Equal(
            [(caller.User.Email, "owner", true), (family, "owner", false), (team, "freeBusyReader", false), (colleague.User.Email, "reader", false)],
            answer.Items.Select(e => (e!["id"]!.GetValue<string>(), e["accessRole"]!.GetValue<string>(), e["primary"]?.GetValue<bool>() ?? false)));
        Assert.All(answer.Items, e => Assert.Equal("calendar#calendarListEntry", e!["kind"]!.GetValue<string>()));
        Assert.Equal("Team", answer.Items[2]!["summary"]!.GetValue<string>());
        Assert.NotNull(answer.Body!["nextSyncToken"]);
    }

    [Fact]
    public async Task List_MaxResults_PagesThroughEveryEntry()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var made = new List<string> { caller.User!.Email };
        for (var i = 0; i < 4; i++)
        {
            made.Add(await caller.CreateCalendarAsync($"Calendar {i}"));
        }

        var seen = new List<string>();
        string? pageToken = null;
        var pages = 0;
        Answer page;
        do
        {
            page = await caller.GetAsync($"{CalendarList}?maxResults=2{(pageToken is null ? "" : "&pageToken=" + pageToken)}");
            pages++;
            seen.AddRange(page.ItemIds);
            pageToken = page.Body!["nextPageToken"]?.GetValue<string>();
            Assert.True(pageToken is null || page.Body["nextSyncToken"] is null);
        }
        while (pageToken is not null);

        Assert.Equal(3, pages);
        Assert.Equal(made, seen);
        Assert.NotNull(page.Body!["nextSyncToken"]);
    }

    [Fact]
    public async Task List_MinAccessRole_LeavesOutWeakerRoles()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        using var colleague = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var team = await colleague.CreateCalendarAsync("Team");
        var board = await colleague.CreateCalendarAsync("Board");
        await AdminCaller.ShareAsync(emulator.BaseUri, team, caller.User!.Email, "writer");
        await AdminCaller.ShareAsync(emulator.BaseUri, board, caller.User.Email, "reader");

        var writable = await caller.GetAsync($"{CalendarList}?minAccessRole=writer");

        Assert.Equal([caller.User.Email, team], writable.ItemIds);
    }

    [Fact]
    public async Task List_SyncToken_NamesAddedAndLeftEntriesOnly()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        using var colleague = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var family = await caller.CreateCalendarAsync("Family");
        var team = await colleague.CreateCalendarAsync("Team");
        await AdminCaller.ShareAsync(emulator.BaseUri, team, caller.User!.Email, "reader");
        var full = await caller.GetAsync(CalendarList);

        var bookings = await caller.CreateCalendarAsync("Bookings");
        await caller.SendAsync(HttpMethod.Delete, $"calendar/v3/calendars/{Uri.EscapeDataString(family)}");
        await AdminCaller.ShareAsync(emulator.BaseUri, team, caller.User.Email, "none");
        var changes = await caller.GetAsync($"{CalendarList}?syncToken={full.Text("nextSyncToken")}");
        var none = await caller.GetAsync($"{CalendarList}?syncToken={changes.Text("nextSyncToken")}");

        Assert.Equal(
            [(family, true), (team, true), (bookings, false)],
            changes.Items.Select(e => (e!["id"]!.GetValue<string>(), e["deleted"]?.GetValue<bool>() ?? false)));
        Assert.Empty(none.Items);
    }

    [Theory]
    [InlineData("minAccessRole=owner")]
    [InlineData("showDeleted=false")]
    [InlineData("showHidden=false")]
    public async Task List_SyncTokenWithForbiddenParameter_Returns400(string parameter)
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var full = await caller.GetAsync(CalendarList);

        var answer = await caller.GetAsync($"{CalendarList}?syncToken={full.Text("nextSyncToken")}&{parameter}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(parameter.Split('=')[0], answer.Body!["error"]!["errors"]![0]!["location"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("maxResults=0")]
    [InlineData("minAccessRole=none")]
    [InlineData("showDeleted=maybe")]
    [InlineData("pageToken=not-a-token")]
    public async Task List_BadParameter_Returns400(string parameter)
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.GetAsync($"{CalendarList}?{parameter}");

        Assert.Equal((HttpStatusCode.BadRequest, "invalid"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task List_ExpiredSyncToken_Returns410()
    {
        await using var host = await EmulatorHost.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var caller = await CalendarCaller.ForNewUserAsync(host.BaseUri);
        var full = await caller.GetAsync(CalendarList);

        await AdminCaller.FaultAsync(host.BaseUri, new { kind = "expireSyncTokens" });
        var answer = await caller.GetAsync($"{CalendarList}?syncToken={full.Text("nextSyncToken")}");

        Assert.Equal((HttpStatusCode.Gone, "fullSyncRequired"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task Delete_SharedCalendar_LeavesTheListShownOnlyWithShowDeleted()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        using var colleague = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var team = await colleague.CreateCalendarAsync("Team");
        await AdminCaller.ShareAsync(emulator.BaseUri, team, caller.User!.Email, "reader");

        var deleted = await caller.SendAsync(HttpMethod.Delete, $"{CalendarList}/{Uri.EscapeDataString(team)}");
        var entry = await caller.GetAsync($"{CalendarList}/{Uri.EscapeDataString(team)}");
        var list = await caller.GetAsync(CalendarList);
        var withDeleted = await caller.GetAsync($"{CalendarList}?showDeleted=true");
        var events = await caller.GetAsync(CalendarCaller.EventsOf(team));

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, entry.Status);
        Assert.Equal([caller.User.Email], list.ItemIds);
        Assert.Equal([caller.User.Email, team], withDeleted.ItemIds);
        Assert.True(withDeleted.Items[1]!["deleted"]!.GetValue<bool>());

        // Unsubscribing is not unsharing: at Google the calendar still answers a user who holds a role on it.
        Assert.Equal(HttpStatusCode.OK, events.Status);
    }

    [Fact]
    public async Task Delete_Primary_Returns403()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);

        var answer = await caller.SendAsync(HttpMethod.Delete, $"{CalendarList}/primary");

        Assert.Equal((HttpStatusCode.Forbidden, "cannotChangeOwnPrimarySubscription"), (answer.Status, answer.Reason));
        Assert.Equal([caller.User!.Email], (await caller.GetAsync(CalendarList)).ItemIds);
    }

    [Fact]
    public async Task Get_CalendarNotOnList_Returns404()
    {
        using var caller = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        using var colleague = await CalendarCaller.ForNewUserAsync(emulator.BaseUri);
        var team = await colleague.CreateCalendarAsync("Team");

        var answer = await caller.GetAsync($"{CalendarList}/{Uri.EscapeDataString(team)}");

        Assert.Equal((HttpStatusCode.NotFound, "notFound"), (answer.Status, answer.Reason));
    }
}
