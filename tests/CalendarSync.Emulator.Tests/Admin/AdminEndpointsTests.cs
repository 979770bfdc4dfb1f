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
}
