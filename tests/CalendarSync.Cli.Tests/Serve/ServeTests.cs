using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CalendarSync.Cli.Serve;
using CalendarSync.Testing;

namespace CalendarSync.Cli.Tests.Serve;

/// <summary>
/// <c>calsync serve</c> over real HTTP on Azurite and the Google emulator: every route behind its auth level, the problem
/// bodies, the whole connect through the emulator's consent, a data API write reaching Google, a change in Google
/// reaching a block through its push notification, and the timer's sweep.
/// </summary>
public sealed class ServeTests(AzuriteFixture azurite, EmulatorFixture emulator)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serve_EveryHttpFunction_IsAtItsRouteBehindItsAuthLevel()
    {
        await using var app = await ServedApp.StartAsync(azurite, emulator);
        var functions = FunctionCatalog.Read().Http.ToList();
        Assert.Contains(functions, f => f.Name == "PutAppointment");

        foreach (var function in functions)
        {
            var path = function.Path.Replace("{staffId}", "nobody", StringComparison.Ordinal).Replace("{id}", "x", StringComparison.Ordinal);
            var method = new HttpMethod(function.HttpTrigger.Methods![0].ToUpperInvariant());
            using var keyless = await app.Http.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") }, Token);
            var wrong = new HttpRequestMessage(method, path + "?code=not-the-key") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            using var wrongKey = await app.Http.SendAsync(wrong, Token);
            using var keyed = await app.Http.SendAsync(ServedApp.WithKey(method, path, "{}"), Token);

            if (function.HttpTrigger.AuthLevel == Microsoft.Azure.Functions.Worker.AuthorizationLevel.Anonymous)
            {
                // The host lets it through: whatever it answers is the function's own (the operator pages' sign-in is a page).
                Assert.True(keyless.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed),
                    $"{method} {path} (anonymous) answered {keyless.StatusCode}.");
                Assert.True(keyless.StatusCode != HttpStatusCode.Unauthorized || (await keyless.Content.ReadAsStringAsync(Token)).Contains("<h1>Sign in</h1>", StringComparison.Ordinal),
                    $"{method} {path} (anonymous) was refused by the host.");
            }
            else
            {
                Assert.True(keyless.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} without the key answered {keyless.StatusCode}.");
                Assert.True(wrongKey.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with a wrong key answered {wrongKey.StatusCode}.");
            }

            Assert.True(keyed.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.MethodNotAllowed or HttpStatusCode.InternalServerError),
                $"{method} {path} with the key answered {keyed.StatusCode}.");
        }
    }

    [Fact]
    public async Task Serve_KeyInHeaderOrCodeQuery_IsAcceptedAndARefusalIsAProblem()
    {
        await using var app = await ServedApp.StartAsync(azurite, emulator);

        using var byHeader = await app.Http.SendAsync(ServedApp.WithKey(HttpMethod.Get, "api/calendar/sync-status"), Token);
        using var byQuery = await app.Http.GetAsync($"api/calendar/sync-status?code={ServedApp.Key}", Token);
        using var unknownRoute = await app.Http.GetAsync($"api/no/such/route?code={ServedApp.Key}", Token);
        using var badJson = await app.Http.SendAsync(ServedApp.WithKey(HttpMethod.Put, "api/staff/s-1/appointments/a-1", "{"), Token);
        using var unknownStaff = await app.Http.SendAsync(ServedApp.WithKey(HttpMethod.Post, "api/calendar/sync", """{"staffId":"nobody-here"}"""), Token);

        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
        Assert.NotNull((await byHeader.Content.ReadFromJsonAsync<JsonObject>(Token))!["items"]);
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownRoute.StatusCode);
        await AssertProblemAsync(badJson, HttpStatusCode.BadRequest, "body");
        await AssertProblemAsync(unknownStaff, HttpStatusCode.NotFound, "staffId");
    }

    [Fact]
    public async Task Serve_ConnectThroughConsent_ThenDataApiSyncNowAndAGoogleChange_ReachTheOtherSide()
    {
        await using var app = await ServedApp.StartAsync(azurite, emulator);
        var staffId = "serve-" + Guid.NewGuid().ToString("N")[..8];
        var email = $"{staffId}@example.com";
        await emulator.CreateUserAsync(email, cancellationToken: Token);

        // The appointment system asks for a connect link, the staff member's browser opens it and presses its button.
        using var created = await app.Http.SendAsync(ServedApp.WithKey(HttpMethod.Post, "api/calendar/connect-links", JsonSerializer.Serialize(new { staffId, email })), Token);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var link = new Uri((string)(await created.Content.ReadFromJsonAsync<JsonObject>(Token))!["url"]!);
        Assert.Equal(app.Address.Authority, link.Authority);
        using var page = await app.Http.GetAsync(link, Token);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        using var pressed = await app.Http.PostAsync(
            "api/calendar/connect", new FormUrlEncodedContent([new("link", ConsentFlow.LinkToken(link))]), Token);
        Assert.Equal(HttpStatusCode.Redirect, pressed.StatusCode);

        // Google's consent (the emulator's), then Google's redirect to the callback.
        var answer = await ConsentFlow.ConsentAsync(pressed.Headers.Location!, signInAs: null, Token);
        using var callback = await app.Http.GetAsync(
            $"api/calendar/oauth/callback?state={Uri.EscapeDataString(answer["state"]!)}&code={Uri.EscapeDataString(answer["code"]!)}", Token);
        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        Assert.Contains("Calendar connected", await callback.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);

        // A booking with ?sync=now: the queue function carries it to Google within seconds.
        var day = DateTime.UtcNow.Date.AddDays(3);
        var booking = JsonSerializer.Serialize(new { start = $"{day:yyyy-MM-dd}T09:00:00Z", end = $"{day:yyyy-MM-dd}T10:00:00Z", customerName = "Jane Doe" });
        using var put = await app.Http.SendAsync(ServedApp.WithKey(HttpMethod.Put, $"api/staff/{staffId}/appointments/a-1?sync=now", booking), Token);
        Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
        await EventuallyAsync(async () => (await app.Calsync.GoogleEventsAsync(staffId)).Any(e =>
            e.GetProperty("status").GetString() == "confirmed" && StartsAt(e) == day.AddHours(9)),
            "the appointment in the staff member's Google Calendar");

        // The staff member adds an event in Google: its push notification reaches serve, and the block follows.
        await app.Calsync.AddGoogleEventAsync(staffId, new
        {
            summary = "Dentist",
            start = new { dateTime = $"{day:yyyy-MM-dd}T14:00:00Z" },
            end = new { dateTime = $"{day:yyyy-MM-dd}T15:00:00Z" },
        });
        await EventuallyAsync(async () =>
        {
            using var blocks = await app.Http.SendAsync(ServedApp.WithKey(HttpMethod.Get, $"api/staff/{staffId}/blocks"), Token);
            var items = (await blocks.Content.ReadFromJsonAsync<JsonObject>(Token))!["items"]!.AsArray();
            return items.Any(b => (string?)b!["summary"] == "Dentist" && (string?)b["origin"] == "google");
        }, "the Google event as a block, brought by its push notification (the timer is yearly)");
    }

    [Fact]
    public async Task Serve_PauseResumeAndDirection_ThroughTheDataApi()
    {
        await using var app = await ServedApp.StartAsync(azurite, emulator);
        var staffId = await app.Calsync.ConnectNewStaffAsync();

        using var direction = await app.Http.SendAsync(ServedApp.WithKey(HttpMethod.Put, $"api/calendar/connections/{staffId}/direction", """{"direction":"PullOnly"}"""), Token);
        using var nonsense = await app.Http.SendAsync(ServedApp.WithKey(HttpMethod.Put, $"api/calendar/connections/{staffId}/direction", """{"direction":"1"}"""), Token);
        using var pause = await app.Http.SendAsync(ServedApp.WithKey(HttpMethod.Post, $"api/calendar/connections/{staffId}/pause"), Token);
        using var syncWhilePaused = await app.Http.SendAsync(ServedApp.WithKey(HttpMethod.Post, "api/calendar/sync", JsonSerializer.Serialize(new { staffId })), Token);
        using var resume = await app.Http.SendAsync(ServedApp.WithKey(HttpMethod.Post, $"api/calendar/connections/{staffId}/resume"), Token);
        using var unknown = await app.Http.SendAsync(ServedApp.WithKey(HttpMethod.Post, "api/calendar/connections/nobody-at-all/pause"), Token);

        Assert.Equal(HttpStatusCode.OK, direction.StatusCode);
        Assert.Equal("PullOnly", (string?)(await direction.Content.ReadFromJsonAsync<JsonObject>(Token))!["direction"]);
        await AssertProblemAsync(nonsense, HttpStatusCode.BadRequest, "direction");
        Assert.Equal("Paused", (string?)(await pause.Content.ReadFromJsonAsync<JsonObject>(Token))!["status"]);
        await AssertProblemAsync(syncWhilePaused, HttpStatusCode.NotFound, "staffId");
        var resumed = (await resume.Content.ReadFromJsonAsync<JsonObject>(Token))!;
        Assert.Equal(("Active", "PullOnly"), ((string?)resumed["status"], (string?)resumed["direction"]));
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "staffId");
    }

    [Fact]
    public async Task Serve_TimerOnItsScheduleSetting_SweepsAndTheQueueFunctionSyncs()
    {
        await using var app = await ServedApp.StartAsync(azurite, emulator, new Dictionary<string, string> { ["SYNC_SCHEDULE"] = "*/2 * * * * *" });
        var staffId = await app.Calsync.ConnectNewStaffAsync();
        var day = DateTime.UtcNow.Date.AddDays(4);

        // No --sync-now: only the timer's sweep can carry it across.
        (await app.Calsync.RunAsync("appointments", "put", staffId, "a-timer", "--start", $"{day:yyyy-MM-dd}T11:00:00Z", "--end", $"{day:yyyy-MM-dd}T12:00:00Z", "--customer", "Ann")).AssertSucceeded();

        await EventuallyAsync(async () => (await app.Calsync.GoogleEventsAsync(staffId)).Any(e =>
            e.GetProperty("status").GetString() == "confirmed" && StartsAt(e) == day.AddHours(11)),
            "the appointment in Google, carried by the timer's sweep");
    }

    private static DateTime? StartsAt(JsonElement googleEvent) =>
        googleEvent.GetProperty("start").TryGetProperty("dateTime", out var start)
            ? DateTimeOffset.Parse(start.GetString()!, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime
            : null;

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(Token))!;
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.Equal(field, (string?)problem["field"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]));
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Waited 30 s for {what}.");
            await Task.Delay(200, Token);
        }
    }
}
