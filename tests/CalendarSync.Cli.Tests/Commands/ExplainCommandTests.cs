using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CalendarSync.Testing;
using Npgsql;

namespace CalendarSync.Cli.Tests.Commands;

/// <summary>
/// <c>calsync explain</c> after real runs on Azurite and the emulator, with the appointment data in Table Storage and in
/// PostgreSQL: what the sync did to an appointment and to a Google-origin block, and why, newest first.
/// </summary>
public sealed class ExplainCommandTests(AzuriteFixture azurite, EmulatorFixture emulator, PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Explain_TableStorage_TellsWhatEachRunDidToTheItemAndWhy()
    {
        using var calsync = Calsync.On(azurite, emulator);

        await ExplainStoryAsync(calsync);
    }

    [Fact]
    public async Task Explain_PostgreSql_TellsWhatEachRunDidToTheItemAndWhyWithTheBlocksHistoryInTheDatabase()
    {
        var connectionString = await postgres.CreateDatabaseAsync(Token) + ";Password=local";
        using var calsync = Calsync.On(azurite, emulator, new Dictionary<string, string>
        {
            ["AppointmentData__Provider"] = "PostgreSql",
            ["AppointmentData__ConnectionString"] = connectionString,
        });
        (await calsync.RunAsync("db", "migrate")).AssertSucceeded();

        var (staffId, dentist) = await ExplainStoryAsync(calsync);

        // Its sync state is of this database's feed: a sweep of this assembly's other tests, on Table Storage, must not meet it.
        (await calsync.RunAsync("disconnect", staffId)).AssertSucceeded();

        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var rows = db.CreateCommand("SELECT action FROM calendar_sync.item_history WHERE staff_id = $1 AND item_key = $2 ORDER BY at");
        rows.Parameters.Add(new() { Value = staffId });
        rows.Parameters.Add(new() { Value = $"block:g-{dentist}" });
        var actions = new List<string>();
        await using var reader = await rows.ExecuteReaderAsync(Token);
        while (await reader.ReadAsync(Token))
        {
            actions.Add(reader.GetString(0));
        }

        Assert.Equal(["BlockImported", "BlockRemoved"], actions);
    }

    [Fact]
    public async Task Explain_NotAnItem_FailsSayingWhatAnItemIs()
    {
        using var calsync = Calsync.On(azurite, emulator);

        var result = await calsync.RunAsync("explain", "s-1", "meeting:a1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("kind:id", result.Error, StringComparison.Ordinal);
    }

    private static async Task<(string StaffId, string Dentist)> ExplainStoryAsync(Calsync calsync)
    {
        var staffId = await calsync.ConnectNewStaffAsync();
        var day = DateTime.UtcNow.Date.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (await calsync.RunAsync("appointments", "put", staffId, "a1", "--start", $"{day}T09:00:00Z", "--end", $"{day}T10:00:00Z", "--customer", "Bo")).AssertSucceeded();
        (await calsync.RunAsync("sync", staffId)).AssertSucceeded();
        var ours = Assert.Single(await calsync.GoogleEventsAsync(staffId)).GetProperty("id").GetString()!;
        await AsStaffAsync(calsync, staffId, HttpMethod.Patch, ours, new { summary = "Mine now" });
        (await calsync.RunAsync("sync", staffId)).AssertSucceeded();
        (await calsync.RunAsync("appointments", "delete", staffId, "a1")).AssertSucceeded();
        (await calsync.RunAsync("sync", staffId)).AssertSucceeded();
        var dentist = await calsync.AddGoogleEventAsync(staffId, new
        {
            summary = "Dentist",
            start = new { dateTime = $"{day}T15:00:00Z" },
            end = new { dateTime = $"{day}T16:00:00Z" },
        });
        (await calsync.RunAsync("sync", staffId)).AssertSucceeded();
        await AsStaffAsync(calsync, staffId, HttpMethod.Delete, dentist, body: null);
        (await calsync.RunAsync("sync", staffId)).AssertSucceeded();

        var appointment = (await calsync.RunAsync("explain", staffId, "appointment:a1", "--json")).AssertSucceeded().Json();
        var block = (await calsync.RunAsync("explain", staffId, $"block:g-{dentist}", "--json")).AssertSucceeded().Json();
        var table = (await calsync.RunAsync("explain", staffId, "appointment:a1")).AssertSucceeded().Output;

        var appointmentEntries = appointment.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["EventDeleted", "EventRestored", "EventCreated"], appointmentEntries.Select(Action));
        Assert.Equal("the item was deleted", appointmentEntries[0].GetProperty("reason").GetString());
        Assert.Contains("edited in Google; put back under conflict policy AppointmentDataWins", appointmentEntries[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.All(appointmentEntries, e => Assert.Equal(ours, e.GetProperty("eventId").GetString()));
        var blockEntries = block.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["BlockRemoved", "BlockImported"], blockEntries.Select(Action));
        Assert.Equal("the event was deleted in Google", blockEntries[0].GetProperty("reason").GetString());
        Assert.Contains("\"Dentist\"", blockEntries[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("put back under conflict policy", table, StringComparison.Ordinal);
        return (staffId, dentist);
    }

    private static string? Action(JsonElement entry) => entry.GetProperty("action").GetString();

    /// <summary>A change the staff member makes to an event in Google.</summary>
    private static async Task AsStaffAsync(Calsync calsync, string staffId, HttpMethod method, string eventId, object? body)
    {
        var user = await EmulatorFixture.CreateUserAsync(calsync.Google, $"{staffId}@example.com", cancellationToken: Token);
        using var http = new HttpClient { BaseAddress = calsync.Google };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", user.AccessToken);
        using var request = new HttpRequestMessage(method, $"calendar/v3/calendars/{staffId}@example.com/events/{eventId}")
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        using var response = await http.SendAsync(request, Token);
        response.EnsureSuccessStatusCode();
    }
}
