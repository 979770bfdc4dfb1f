using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CalendarSync.Cli.StandIns;
using CalendarSync.Testing;

namespace CalendarSync.Cli.Tests.Serve;

/// <summary>
/// The live check and guarded bookings over real HTTP, on two instances of <c>calsync serve</c> sharing one store (Table
/// Storage on Azurite, or the real PostgreSQL server) and the Google emulator: one winner of many overlapping bookings,
/// a staff member's Google event refusing a booking, and Google out of reach (a fault on that staff member's calendar
/// alone, so it strikes no other test).
/// </summary>
public sealed class GuardedBookingTests(AzuriteFixture azurite, EmulatorFixture emulator, PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Table")]
    [InlineData("PostgreSql")]
    public async Task GuardedPuts_ManyOverlappingOnTwoInstances_ExactlyOneStoredAndTheRest409NamingIt(string store)
    {
        var settings = await StoreSettingsAsync(store);
        await using var storage = await StorageAsync(store);
        await using var first = await ServedApp.StartAsync(storage.ConnectionString, emulator, settings);
        await using var second = await ServedApp.StartAsync(storage.ConnectionString, emulator, settings);
        var staffId = await first.Calsync.ConnectNewStaffAsync();
        var day = DateTime.UtcNow.Date.AddDays(5);

        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
        {
            var app = i % 2 == 0 ? first : second;
            var slot = Booking(day.AddHours(9).AddMinutes(i), day.AddHours(10).AddMinutes(i));
            using var put = await app.Http.SendAsync(ServedApp.WithKey(HttpMethod.Put, $"api/staff/{staffId}/appointments/a-{i}?guard=true", slot), Token);
            return (Id: $"a-{i}", put.StatusCode, Body: await put.Content.ReadAsStringAsync(Token));
        })));

        var winner = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a != winner), refused =>
        {
            Assert.True(refused.StatusCode == HttpStatusCode.Conflict, $"{refused.Id}: {refused.StatusCode} {refused.Body}");
            var conflicts = JsonNode.Parse(refused.Body)!["conflicts"]!.AsArray();
            Assert.Equal(("appointment", winner.Id), ((string?)conflicts[0]!["source"], (string?)conflicts[0]!["id"]));
        });
        Assert.Single(await BusyAsync(first, staffId, day));
    }

    [Theory]
    [InlineData("Table")]
    [InlineData("PostgreSql")]
    public async Task Check_AStaffMembersGoogleEventNotYetSynced_IsAConflictAndRefusesAGuardedBooking(string store)
    {
        await using var storage = await StorageAsync(store);
        await using var app = await ServedApp.StartAsync(storage.ConnectionString, emulator, await StoreSettingsAsync(store));
        var staffId = await app.Calsync.ConnectNewStaffAsync();
        var day = DateTime.UtcNow.Date.AddDays(6);
        var dentist = await app.Calsync.AddGoogleEventAsync(staffId, new
        {
            summary = "Dentist",
            start = new { dateTime = $"{day:yyyy-MM-dd}T14:00:00Z" },
            end = new { dateTime = $"{day:yyyy-MM-dd}T15:00:00Z" },
        });

        using var check = await app.Http.SendAsync(ServedApp.WithKey(
            HttpMethod.Post, $"api/staff/{staffId}/availability/check", Slot(day.AddHours(14.5), day.AddHours(15.5))), Token);
        using var freeCheck = await app.Http.SendAsync(ServedApp.WithKey(
            HttpMethod.Post, $"api/staff/{staffId}/availability/check", Slot(day.AddHours(16), day.AddHours(17))), Token);
        using var guarded = await app.Http.SendAsync(ServedApp.WithKey(
            HttpMethod.Put, $"api/staff/{staffId}/appointments/over-dentist?guard=true", Booking(day.AddHours(14.5), day.AddHours(15.5))), Token);
        using var unguarded = await app.Http.SendAsync(ServedApp.WithKey(
            HttpMethod.Put, $"api/staff/{staffId}/appointments/over-dentist", Booking(day.AddHours(14.5), day.AddHours(15.5))), Token);

        var answer = (await check.Content.ReadFromJsonAsync<JsonObject>(Token))!;
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.False((bool)answer["free"]!);
        Assert.Equal("checked", (string?)answer["google"]);
        var conflict = Assert.Single(answer["conflicts"]!.AsArray())!;
        Assert.Equal(("googleEvent", dentist), ((string?)conflict["source"], (string?)conflict["id"]));
        Assert.True((bool)(await freeCheck.Content.ReadFromJsonAsync<JsonObject>(Token))!["free"]!);
        Assert.Equal(HttpStatusCode.Conflict, guarded.StatusCode);
        Assert.Equal("application/problem+json", guarded.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Created, unguarded.StatusCode);
    }

    [Fact]
    public async Task GuardedPut_GoogleOutOfReach_503AndNothingStored_GuardLocalStores()
    {
        await using var app = await ServedApp.StartAsync(azurite, emulator);
        var staffId = await app.Calsync.ConnectNewStaffAsync();
        var day = DateTime.UtcNow.Date.AddDays(7);
        // The live check lists the slot in the staff member's calendar: that listing fails (this staff member's only).
        var fault = await FaultAsync(new { kind = "serviceUnavailable", path = $"/calendar/v3/calendars/{staffId}*/events", method = "GET" });
        try
        {
            using var live = await app.Http.SendAsync(ServedApp.WithKey(
                HttpMethod.Put, $"api/staff/{staffId}/appointments/a-1?guard=true", Booking(day.AddHours(9), day.AddHours(10))), Token);
            using var check = await app.Http.SendAsync(ServedApp.WithKey(
                HttpMethod.Post, $"api/staff/{staffId}/availability/check", Slot(day.AddHours(9), day.AddHours(10))), Token);
            using var local = await app.Http.SendAsync(ServedApp.WithKey(
                HttpMethod.Put, $"api/staff/{staffId}/appointments/a-2?guard=local", Booking(day.AddHours(11), day.AddHours(12))), Token);
            using var nonsense = await app.Http.SendAsync(ServedApp.WithKey(
                HttpMethod.Put, $"api/staff/{staffId}/appointments/a-3?guard=maybe", Booking(day.AddHours(13), day.AddHours(14))), Token);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, live.StatusCode);
            Assert.Equal("application/problem+json", live.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, check.StatusCode);
            Assert.Equal(HttpStatusCode.Created, local.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, nonsense.StatusCode);
            Assert.Equal("guard", (string?)(await nonsense.Content.ReadFromJsonAsync<JsonObject>(Token))!["field"]);
        }
        finally
        {
            using var http = new HttpClient { BaseAddress = emulator.BaseUri };
            using var cleared = await http.DeleteAsync($"emulator/faults/{fault}", Token);
        }

        var stored = await BusyAsync(app, staffId, day);
        Assert.Equal([$"{day:yyyy-MM-dd}T11:00:00+00:00"], stored.Select(p => (string?)p!["start"]));
    }

    [Theory]
    [InlineData("Table")]
    [InlineData("PostgreSql")]
    public async Task Conflicts_AGoogleEventPutOverABooking_IsReportedUntilTheBookingMoves(string store)
    {
        await using var storage = await StorageAsync(store);
        await using var app = await ServedApp.StartAsync(storage.ConnectionString, emulator, await StoreSettingsAsync(store));
        var staffId = await app.Calsync.ConnectNewStaffAsync();
        var day = DateTime.UtcNow.Date.AddDays(8);
        using (var booked = await app.Http.SendAsync(ServedApp.WithKey(
                   HttpMethod.Put, $"api/staff/{staffId}/appointments/a-1", Booking(day.AddHours(9), day.AddHours(10))), Token))
        {
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        }

        var lunch = await app.Calsync.AddGoogleEventAsync(staffId, new
        {
            summary = "Lunch",
            start = new { dateTime = $"{day:yyyy-MM-dd}T09:30:00Z" },
            end = new { dateTime = $"{day:yyyy-MM-dd}T11:00:00Z" },
        });
        await SyncNowAsync(app, staffId);

        var conflicts = await EventuallyAsync(() => ConflictsAsync(app, staffId), c => c.Count == 1, "the event's block in the report");
        Assert.Equal(
            ("a-1", lunch, $"{day:yyyy-MM-dd}T09:30:00+00:00", $"{day:yyyy-MM-dd}T10:00:00+00:00", "googleEvent"),
            ((string?)conflicts[0]!["appointmentId"], (string?)conflicts[0]!["googleEventId"], (string?)conflicts[0]!["start"],
                (string?)conflicts[0]!["end"], (string?)conflicts[0]!["cameLast"]));
        var cli = (await app.Calsync.RunAsync("conflicts", staffId, "--json")).AssertSucceeded();
        Assert.Equal(lunch, (string?)JsonNode.Parse(cli.Output)![0]!["conflict"]!["googleEventId"]);

        using (var moved = await app.Http.SendAsync(ServedApp.WithKey(
                   HttpMethod.Put, $"api/staff/{staffId}/appointments/a-1", Booking(day.AddHours(12), day.AddHours(13))), Token))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        Assert.Empty(await ConflictsAsync(app, staffId));
    }

    [Fact]
    public async Task CheckAndGuardedPut_BadInput_AreProblemsNamingTheField()
    {
        await using var app = await ServedApp.StartAsync(azurite, emulator);

        using var reversed = await app.Http.SendAsync(ServedApp.WithKey(
            HttpMethod.Post, "api/staff/s-1/availability/check", """{"start":"2026-12-01T10:00:00Z","end":"2026-12-01T09:00:00Z"}"""), Token);
        using var noOffset = await app.Http.SendAsync(ServedApp.WithKey(
            HttpMethod.Post, "api/staff/s-1/availability/check", """{"start":"2026-12-01T10:00:00","end":"2026-12-01T11:00:00Z"}"""), Token);
        using var unknownField = await app.Http.SendAsync(ServedApp.WithKey(
            HttpMethod.Post, "api/staff/s-1/availability/check", """{"start":"2026-12-01T10:00:00Z","end":"2026-12-01T11:00:00Z","x":1}"""), Token);

        foreach (var (answer, field) in new[] { (reversed, "end"), (noOffset, "start"), (unknownField, "body") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            Assert.Equal(field, (string?)(await answer.Content.ReadFromJsonAsync<JsonObject>(Token))!["field"]);
        }
    }

    private static async Task SyncNowAsync(ServedApp app, string staffId)
    {
        using var sync = await app.Http.SendAsync(ServedApp.WithKey(HttpMethod.Post, "api/calendar/sync", JsonSerializer.Serialize(new { staffId })), Token);
        Assert.Equal(HttpStatusCode.Accepted, sync.StatusCode);
    }

    /// <summary>The staff member's busy periods on <paramref name="day"/> (UTC), as the data API answers them.</summary>
    private static async Task<JsonArray> BusyAsync(ServedApp app, string staffId, DateTime day)
    {
        using var busy = await app.Http.SendAsync(ServedApp.WithKey(
            HttpMethod.Get, $"api/staff/{staffId}/busy?from={day:yyyy-MM-dd}T00:00:00Z&to={day.AddDays(1):yyyy-MM-dd}T00:00:00Z"), Token);
        return (await busy.Content.ReadFromJsonAsync<JsonObject>(Token))!["busy"]!.AsArray();
    }

    private static async Task<JsonArray> ConflictsAsync(ServedApp app, string staffId)
    {
        using var answer = await app.Http.SendAsync(ServedApp.WithKey(HttpMethod.Get, $"api/staff/{staffId}/conflicts"), Token);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return (await answer.Content.ReadFromJsonAsync<JsonObject>(Token))!["conflicts"]!.AsArray();
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Waited 30 s for {what}.");
            await Task.Delay(200, Token);
        }
    }

    private Task<ServedStore> StorageAsync(string store) => ServedStore.StartAsync(store, azurite, Token);

    private Task<IReadOnlyDictionary<string, string>?> StoreSettingsAsync(string store) => ServedStore.SettingsAsync(store, postgres, Token);

    private async Task<string> FaultAsync(object fault)
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };
        using var answer = await http.PostAsJsonAsync("emulator/faults", fault, Token);
        answer.EnsureSuccessStatusCode();
        return (string)(await answer.Content.ReadFromJsonAsync<JsonObject>(Token))!["id"]!;
    }

    private static string Slot(DateTime start, DateTime end) =>
        JsonSerializer.Serialize(new { start = $"{start:yyyy-MM-ddTHH:mm:ss}Z", end = $"{end:yyyy-MM-ddTHH:mm:ss}Z" });

    private static string Booking(DateTime start, DateTime end) =>
        JsonSerializer.Serialize(new { start = $"{start:yyyy-MM-ddTHH:mm:ss}Z", end = $"{end:yyyy-MM-ddTHH:mm:ss}Z", customerName = "Jane Doe" });
}
