using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using CalendarSync.Azure.Connections;
using CalendarSync.Azure.Storage;
using CalendarSync.Core.Connections;
using CalendarSync.Testing;

namespace CalendarSync.Cli.Tests.Serve;

/// <summary>
/// The whole choice of calendars through the served app on both stores, against the emulator: calendars read in full, busy
/// times only and a write calendar chosen with <c>calsync calendars set</c>; a "Bookings" calendar created through the
/// data API once however often it is asked; a write calendar created from the operator's page, and one awaiting the staff member's
/// reconnect shown by calsync, the status API and the operator's page.
/// </summary>
public sealed partial class WriteCalendarTests(AzuriteFixture azurite, EmulatorFixture emulator, PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Table")]
    [InlineData("PostgreSql")]
    public async Task WholeChoice_CalsyncAndDataApi_StoredListedAndABookingsCalendarCreatedOnce(string store)
    {
        await using var storage = await ServedStore.StartAsync(store, azurite, Token);
        await using var app = await ServedApp.StartAsync(storage.ConnectionString, emulator, await ServedStore.SettingsAsync(store, postgres, Token));
        var staffId = await app.Calsync.ConnectNewStaffAsync();
        var email = $"{staffId}@example.com";
        var day = DateTime.UtcNow.Date.AddDays(5);
        var family = await emulator.SharedCalendarAsync(email, "freeBusyReader", day.AddHours(9), day.AddHours(10), Token);
        var holidays = await emulator.SharedCalendarAsync(email, "reader", day.AddHours(11), day.AddHours(12), Token);
        var shared = await emulator.SharedCalendarAsync(email, "writer", day.AddHours(13), day.AddHours(14), Token);

        var set = await app.Calsync.RunAsync("calendars", "set", staffId, "--read", holidays, "--busy", family, "--write", shared, "--json");
        var notWritable = await app.Calsync.RunAsync("calendars", "set", staffId, "--write", holidays);
        using var created = await app.Http.SendAsync(Put(staffId, """{"createWriteCalendar":"Bookings"}"""), Token);
        using var again = await app.Http.SendAsync(Put(staffId, """{"createWriteCalendar":"Bookings"}"""), Token);
        var viaCalsync = await app.Calsync.RunAsync("calendars", "set", staffId, "--create-write-calendar", "--json");
        using var unknown = await app.Http.SendAsync(Put(staffId, """{"reed":[]}"""), Token);
        using var listed = await app.Http.SendAsync(ServedApp.WithKey(HttpMethod.Get, $"api/calendar/connections/{staffId}/calendars"), Token);

        set.AssertSucceeded();
        var chosen = Calendars(set.Output);
        Assert.Equal(("full", false), Reading(chosen, holidays));
        Assert.Equal(("busyOnly", false), Reading(chosen, family));
        Assert.Equal(("full", true), Reading(chosen, shared));
        Assert.Equal(("full", false), Reading(chosen, email));
        Assert.NotEqual(0, notWritable.ExitCode);
        Assert.Contains("cannot write to", notWritable.Error, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var bookings = (string)Calendars(await created.Content.ReadAsStringAsync(Token)).Single(c => (bool)c!["write"]!)!["id"]!;
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        viaCalsync.AssertSucceeded();
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var final = Calendars(await listed.Content.ReadAsStringAsync(Token));
        Assert.Equal(bookings, (string?)Assert.Single(final, c => (string?)c!["summary"] == "Bookings")!["id"]);
        Assert.Equal(("full", true), Reading(final, bookings));
        // The calendar written to before is read no more, unless chosen to be read; the rest of the choice stays.
        Assert.Equal(("no", false), Reading(final, shared));
        Assert.Equal(("full", false), Reading(final, holidays));
        Assert.Equal(("busyOnly", false), Reading(final, family));
    }

    [Fact]
    public async Task OperatorsPage_CreatesAWriteCalendar_AndShowsOneAwaitingReconnectAsCalsyncAndTheStatusDo()
    {
        await using var app = await ServedApp.StartAsync(azurite, emulator);
        var staffId = await app.Calsync.ConnectNewStaffAsync();
        var family = await emulator.SharedCalendarAsync($"{staffId}@example.com", "freeBusyReader", DateTime.UtcNow.Date.AddDays(5), DateTime.UtcNow.Date.AddDays(5).AddHours(1), Token);
        (await app.Calsync.RunAsync("calendars", "set", staffId, "--busy", family)).AssertSucceeded();
        using var signIn = await app.Http.GetAsync($"api/operator?code={ServedApp.Key}", Token);
        var token = FormToken().Match(await app.Http.GetStringAsync($"api/operator/staff/{staffId}", Token)).Groups["token"].Value;
        using var create = await app.Http.PostAsync(
            $"api/operator/staff/{staffId}/write-calendar", new FormUrlEncodedContent([new("token", token), new("create", "Bookings")]), Token);
        using var notWritable = await app.Http.PostAsync(
            $"api/operator/staff/{staffId}/write-calendar", new FormUrlEncodedContent([new("token", token), new("write", family)]), Token);
        var bookings = (string)JsonNode.Parse((await app.Calsync.RunAsync("calendars", "list", staffId, "--json")).Output)!["calendars"]!.AsArray()
            .Single(c => (bool)c!["write"]!)!["id"]!;
        // As the choice records it when Google refuses to create the calendar for the grant (the emulator checks no scopes).
        var connections = new TableConnectionStore(new StorageTables(new TableServiceClient(azurite.ConnectionString)));
        for (var saved = false; !saved;)
        {
            // The sync the choice queued may record its run in between: then on what it wrote.
            var record = (await connections.GetAsync(staffId, Token))!;
            try
            {
                await connections.SaveAsync(record with { Connection = record.Connection with { CreateWriteCalendar = "Termine" } }, Token);
                saved = true;
            }
            catch (ConnectionChangedException)
            {
            }
        }

        var list = await app.Calsync.RunAsync("calendars", "list", staffId);
        var listJson = await app.Calsync.RunAsync("calendars", "list", staffId, "--json");
        using var status = await app.Http.SendAsync(ServedApp.WithKey(HttpMethod.Get, "api/calendar/sync-status?pageSize=1000"), Token);
        using var page = await app.Http.GetAsync($"api/operator/staff/{staffId}", Token);
        var html = await page.Content.ReadAsStringAsync(Token);

        list.AssertSucceeded();
        Assert.Contains("Awaiting a reconnect", list.Output, StringComparison.Ordinal);
        Assert.Equal("Termine", (string?)JsonNode.Parse(listJson.Output)!["createWriteCalendar"]);
        var mine = JsonNode.Parse(await status.Content.ReadAsStringAsync(Token))!["items"]!.AsArray().Single(i => (string?)i!["staffId"] == staffId)!;
        Assert.Contains("Termine", (string?)mine["reconnectAwaited"], StringComparison.Ordinal);
        Assert.Equal(bookings, (string?)mine["writeCalendarId"]);
        Assert.Equal(HttpStatusCode.SeeOther, create.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notWritable.StatusCode);
        Assert.Contains("cannot write to", await notWritable.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"<dt>Appointments written to</dt><dd>{bookings}</dd>", html, StringComparison.Ordinal);
        Assert.Contains($"<dt>Busy times only</dt><dd>{family}</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Reconnect awaited</dt>", html, StringComparison.Ordinal);
        Assert.Contains("Termine", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"token\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex FormToken();

    private static HttpRequestMessage Put(string staffId, string json) =>
        ServedApp.WithKey(HttpMethod.Put, $"api/calendar/connections/{staffId}/calendars", json);

    private static JsonArray Calendars(string json) => JsonNode.Parse(json)!["calendars"]!.AsArray();

    private static (string? Read, bool Write) Reading(JsonArray calendars, string id)
    {
        var calendar = calendars.Single(c => (string?)c!["id"] == id)!;
        return ((string?)calendar["read"], (bool)calendar["write"]!);
    }
}
