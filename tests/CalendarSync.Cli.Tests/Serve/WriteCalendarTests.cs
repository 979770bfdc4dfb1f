using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CalendarSync.Testing;

namespace CalendarSync.Cli.Tests.Serve;

/// <summary>
/// The whole choice of calendars through the served app on both stores, against the emulator (which checks scopes as
/// Google does): calendars read in full and busy times only chosen with <c>calsync calendars set</c>; a "Bookings" calendar
/// asked for through the data API, refused for the grant, made when the staff member reconnects, and our events moved
/// there while every other calendar still blocks their time, until one's access is removed; a write calendar asked for on the operator's page, awaiting
/// the reconnect, shown by calsync, the status API and the page; how each calendar is read chosen on the operator's page.
/// </summary>
public sealed partial class WriteCalendarTests(AzuriteFixture azurite, EmulatorFixture emulator, PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Table")]
    [InlineData("PostgreSql")]
    public async Task BookingsCalendar_AskedGrantedOnReconnect_EventsMoveThere_OtherCalendarsStillBlock(string store)
    {
        await using var storage = await ServedStore.StartAsync(store, azurite, Token);
        await using var app = await ServedApp.StartAsync(storage.ConnectionString, emulator, await ServedStore.SettingsAsync(store, postgres, Token));
        var staffId = await app.Calsync.ConnectNewStaffAsync();
        var email = $"{staffId}@example.com";
        var day = DateTime.UtcNow.Date.AddDays(5);
        (await app.Calsync.RunAsync("appointments", "put", staffId, "a1", "--start", $"{day:yyyy-MM-dd}T09:00:00Z", "--end", $"{day:yyyy-MM-dd}T10:00:00Z", "--customer", "Ada")).AssertSucceeded();
        await app.Calsync.AddGoogleEventAsync(staffId, new
        {
            summary = "Dentist", start = new { dateTime = $"{day:yyyy-MM-dd}T15:00:00Z" }, end = new { dateTime = $"{day:yyyy-MM-dd}T16:00:00Z" },
        });
        (await app.Calsync.SyncWhenFreeAsync(staffId)).AssertSucceeded();
        var appointmentEvent = (string)Live(await app.Calsync.GoogleEventsAsync(staffId)).Single(e => e.GetProperty("summary").GetString() != "Dentist").GetProperty("id").GetString()!;
        var family = await emulator.SharedCalendarAsync(email, "freeBusyReader", day.AddHours(11), day.AddHours(12), Token);
        var holidays = await emulator.SharedCalendarAsync(email, "reader", day.AddHours(13), day.AddHours(14), Token);
        var lent = await emulator.SharedCalendarAsync(email, "writer", day.AddHours(17), day.AddHours(18), Token);

        var set = await app.Calsync.RunAsync("calendars", "set", staffId, "--read", holidays, "--busy", family, "--json");
        var notOwn = await app.Calsync.RunAsync("calendars", "set", staffId, "--write", lent);
        using var asked = await app.Http.SendAsync(Put(staffId, """{"createWriteCalendar":"Bookings"}"""), Token);
        // The staff member connects again: the link asks to create calendars (and free/busy), the callback makes the calendar.
        (await app.Calsync.RunAsync("connect", staffId)).AssertSucceeded();
        var bookings = (string)Calendars((await app.Calsync.RunAsync("calendars", "list", staffId, "--json")).Output).Single(c => (bool)c!["write"]!)!["id"]!;
        var moved = await WaitAsync(() => EventsAsync(bookings), events => events.Any(e => e.GetProperty("id").GetString() == appointmentEvent));
        // For a moment in the run the primary's dentist is two blocks (read as another calendar before its old block goes): never none.
        var blocks = await WaitAsync(() => BlocksAsync(app, staffId), found => found.Count == 3 && found.Any(b => ((string?)b!["summary"]) == "Dentist" && ((string?)b["id"])!.StartsWith("g-.c", StringComparison.Ordinal))
            && found.Any(b => b!["summary"] is null));
        using var again = await app.Http.SendAsync(Put(staffId, """{"createWriteCalendar":"Bookings"}"""), Token);
        var viaCalsync = await app.Calsync.RunAsync("calendars", "set", staffId, "--create-write-calendar", "--json");
        using var unknown = await app.Http.SendAsync(Put(staffId, """{"reed":[]}"""), Token);
        using var listed = await app.Http.SendAsync(ServedApp.WithKey(HttpMethod.Get, $"api/calendar/connections/{staffId}/calendars"), Token);
        await emulator.ShareAsync(holidays, email, "none", Token);
        (await app.Calsync.SyncWhenFreeAsync(staffId)).AssertSucceeded();
        var afterUnshared = await BlocksAsync(app, staffId);

        set.AssertSucceeded();
        var chosen = Calendars(set.Output);
        Assert.Equal(("full", false), Reading(chosen, holidays));
        Assert.Equal(("busyOnly", false), Reading(chosen, family));
        Assert.Equal(("full", true), Reading(chosen, email));
        Assert.NotEqual(0, notOwn.ExitCode);
        Assert.Contains("is not the staff member's own calendar", notOwn.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, asked.StatusCode);

        // The appointment's event moved (same id), nothing of ours is left in the primary, and nothing blocks less.
        Assert.Single(moved);
        Assert.Equal(["Dentist"], Live(await app.Calsync.GoogleEventsAsync(staffId)).Select(e => e.GetProperty("summary").GetString()));
        Assert.Equal(["Dentist", "School run"], blocks.Select(b => (string?)b!["summary"]).OfType<string>().Order(StringComparer.Ordinal));
        Assert.Single(blocks, b => ((string?)b!["id"])!.StartsWith("g-.b", StringComparison.Ordinal) && b["summary"] is null);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        viaCalsync.AssertSucceeded();
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var final = Calendars(await listed.Content.ReadAsStringAsync(Token));
        Assert.Equal(bookings, (string?)Assert.Single(final, c => (string?)c!["summary"] == "Bookings")!["id"]);
        Assert.Equal(("full", true), Reading(final, bookings));
        Assert.Equal(("full", false), Reading(final, email));
        Assert.Equal(("full", false), Reading(final, holidays));
        Assert.Equal(("busyOnly", false), Reading(final, family));
        Assert.Equal(("no", false), Reading(final, lent));

        // A calendar read in full whose access is removed takes its blocks; the rest stand.
        Assert.Equal(["Dentist"], afterUnshared.Select(b => (string?)b!["summary"]).OfType<string>());
        Assert.Equal(2, afterUnshared.Count);
    }

    [Fact]
    public async Task OperatorsPage_AsksForAWriteCalendar_AwaitingReconnectShownAsCalsyncAndTheStatusDo()
    {
        await using var app = await ServedApp.StartAsync(azurite, emulator);
        var staffId = await app.Calsync.ConnectNewStaffAsync();
        var family = await emulator.SharedCalendarAsync($"{staffId}@example.com", "freeBusyReader", DateTime.UtcNow.Date.AddDays(5), DateTime.UtcNow.Date.AddDays(5).AddHours(1), Token);
        (await app.Calsync.RunAsync("calendars", "set", staffId, "--busy", family)).AssertSucceeded();
        using var signIn = await app.Http.GetAsync($"api/operator?code={ServedApp.Key}", Token);
        var token = FormToken().Match(await app.Http.GetStringAsync($"api/operator/staff/{staffId}", Token)).Groups["token"].Value;

        // The staff member's grant does not allow creating calendars: the wish waits for their reconnect.
        using var create = await app.Http.PostAsync(
            $"api/operator/staff/{staffId}/write-calendar", new FormUrlEncodedContent([new("token", token), new("create", "Termine")]), Token);
        using var notOwn = await app.Http.PostAsync(
            $"api/operator/staff/{staffId}/write-calendar", new FormUrlEncodedContent([new("token", token), new("write", family)]), Token);
        var list = await app.Calsync.RunAsync("calendars", "list", staffId);
        var listJson = await app.Calsync.RunAsync("calendars", "list", staffId, "--json");
        using var status = await app.Http.SendAsync(ServedApp.WithKey(HttpMethod.Get, "api/calendar/sync-status?pageSize=1000"), Token);
        using var page = await app.Http.GetAsync($"api/operator/staff/{staffId}", Token);
        var html = await page.Content.ReadAsStringAsync(Token);

        Assert.Equal(HttpStatusCode.Conflict, create.StatusCode);
        Assert.Contains("connect", await create.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, notOwn.StatusCode);
        Assert.Contains("is not the staff member&#39;s own calendar", await notOwn.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        list.AssertSucceeded();
        Assert.Contains("Awaiting a reconnect", list.Output, StringComparison.Ordinal);
        Assert.Equal("Termine", (string?)JsonNode.Parse(listJson.Output)!["createWriteCalendar"]);
        var mine = JsonNode.Parse(await status.Content.ReadAsStringAsync(Token))!["items"]!.AsArray().Single(i => (string?)i!["staffId"] == staffId)!;
        Assert.Contains("Termine", (string?)mine["reconnectAwaited"], StringComparison.Ordinal);
        Assert.Equal($"{staffId}@example.com", (string?)mine["writeCalendarId"]);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"<dt>Busy times only</dt><dd>{family}</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Reconnect awaited</dt>", html, StringComparison.Ordinal);
        Assert.Contains("Termine", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OperatorsPage_ChoosesHowEachCalendarIsRead_StoredAndShown_RefusalsAndAnUnreadableList()
    {
        await using var app = await ServedApp.StartAsync(azurite, emulator);
        var staffId = await app.Calsync.ConnectNewStaffAsync();
        var email = $"{staffId}@example.com";
        var day = DateTime.UtcNow.Date.AddDays(5);
        var family = await emulator.SharedCalendarAsync(email, "freeBusyReader", day.AddHours(11), day.AddHours(12), Token);
        var holidays = await emulator.SharedCalendarAsync(email, "reader", day.AddHours(13), day.AddHours(14), Token);
        var team = await emulator.SharedCalendarAsync(email, "writer", day.AddHours(15), day.AddHours(16), Token);
        using var signIn = await app.Http.GetAsync($"api/operator?code={ServedApp.Key}", Token);
        var before = await app.Http.GetStringAsync($"api/operator/staff/{staffId}", Token);
        var token = FormToken().Match(before).Groups["token"].Value;
        var path = $"api/operator/staff/{staffId}/calendars";

        using var chosen = await PostFormAsync(app, path, ("token", token), ($"calendar:{family}", "busyOnly"), ($"calendar:{holidays}", "full"), ($"calendar:{team}", "no"));
        var stored = Calendars((await app.Calsync.RunAsync("calendars", "list", staffId, "--json")).Output);
        using var after = await app.Http.GetAsync($"api/operator/staff/{staffId}?done=calendars", Token);
        var html = await after.Content.ReadAsStringAsync(Token);
        using var freeBusyInFull = await PostFormAsync(app, path, ("token", token), ($"calendar:{family}", "full"));
        using var unknownField = await PostFormAsync(app, path, ("token", token), ($"calendar:{family}", "busyOnly"), ("colour", "red"));
        using var unknownReading = await PostFormAsync(app, path, ("token", token), ($"calendar:{family}", "sometimes"));
        using var primary = await PostFormAsync(app, path, ("token", token), ($"calendar:{email}", "busyOnly"));
        using var forged = await PostFormAsync(app, path, ("token", token[..^2] + "xx"), ($"calendar:{family}", "no"));
        using var missing = await PostFormAsync(app, path, ($"calendar:{family}", "no"));
        var unchanged = Calendars((await app.Calsync.RunAsync("calendars", "list", staffId, "--json")).Output);
        await RevokeGrantAsync(email);
        using var unreadable = await app.Http.GetAsync($"api/operator/staff/{staffId}", Token);
        using var unasked = await PostFormAsync(app, path, ("token", token), ($"calendar:{family}", "no"));

        // The page lists every calendar with its access role; the primary is not a choice.
        Assert.Contains($"<td>{holidays}</td><td>Reader</td>", before, StringComparison.Ordinal);
        Assert.Contains($"<td>{family}</td><td>FreeBusyReader</td>", before, StringComparison.Ordinal);
        Assert.Contains("In full: the primary calendar", before, StringComparison.Ordinal);
        Assert.DoesNotContain($"name=\"calendar:{email}\"", before, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.SeeOther, chosen.StatusCode);
        Assert.Equal($"../{staffId}?done=calendars", chosen.Headers.Location!.OriginalString);
        Assert.Equal(("busyOnly", false), Reading(stored, family));
        Assert.Equal(("full", false), Reading(stored, holidays));
        Assert.Equal(("no", false), Reading(stored, team));
        Assert.Equal(("full", true), Reading(stored, email));
        Assert.Contains($"name=\"calendar:{family}\" value=\"busyOnly\" checked>", html, StringComparison.Ordinal);
        Assert.Contains($"name=\"calendar:{holidays}\" value=\"full\" checked>", html, StringComparison.Ordinal);
        Assert.Contains($"name=\"calendar:{team}\" value=\"no\" checked>", html, StringComparison.Ordinal);
        Assert.Contains($"<dt>Busy times only</dt><dd>{family}</dd>", html, StringComparison.Ordinal);
        Assert.Contains("How each calendar is read was saved", html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, freeBusyInFull.StatusCode);
        var refusal = await freeBusyInFull.Content.ReadAsStringAsync(Token);
        Assert.Contains(family[..40], refusal, StringComparison.Ordinal); // the rule names a calendar by its id's first 63 characters
        Assert.Contains("free/busy only", refusal, StringComparison.Ordinal);
        Assert.All([unknownField, unknownReading, primary], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Contains("colour", await unknownField.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.All([forged, missing], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(stored.ToJsonString(), unchanged.ToJsonString());

        // Google cannot be asked for the list: the page still renders and says so; a choice is refused with 503.
        Assert.Equal(HttpStatusCode.OK, unreadable.StatusCode);
        Assert.Contains("calendar list cannot be read now", await unreadable.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unasked.StatusCode);
    }

    private static Task<HttpResponseMessage> PostFormAsync(ServedApp app, string path, params (string Name, string Value)[] fields) =>
        app.Http.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))), Token);

    private async Task RevokeGrantAsync(string email)
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };
        using var revoked = await http.PostAsJsonAsync("emulator/faults", new { kind = "revokeGrant", email }, Token);
        revoked.EnsureSuccessStatusCode();
    }

    private static IEnumerable<JsonElement> Live(IEnumerable<JsonElement> events) =>
        events.Where(e => e.GetProperty("status").GetString() != "cancelled");

    /// <summary>The live events of a calendar, through the emulator's admin path.</summary>
    private async Task<List<JsonElement>> EventsAsync(string calendarId)
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };
        var all = await http.GetFromJsonAsync<JsonElement>($"emulator/calendars/{Uri.EscapeDataString(calendarId)}/events", Token);
        return [.. Live(all.GetProperty("items").EnumerateArray())];
    }

    private static async Task<JsonArray> BlocksAsync(ServedApp app, string staffId)
    {
        var listed = await app.Calsync.RunAsync("blocks", "list", staffId, "--json");
        listed.AssertSucceeded();
        return JsonNode.Parse(listed.Output)!.AsArray();
    }

    /// <summary>What <paramref name="read"/> answers once <paramref name="done"/> (the sync is queued by the app, not run by the test).</summary>
    private static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, "Waited 30 s for the sync the app queued.");
            await Task.Delay(500, Token);
        }
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
