using System.Text.Json.Nodes;
using CalendarSync.Testing;

namespace CalendarSync.Cli.Tests.Serve;

/// <summary>
/// A family calendar read as busy times, the story of issue 23 on both stores: chosen with <c>calsync calendars set</c>,
/// the run asks the staff member to connect again (their first consent did not cover free/busy), and once they have, its
/// busy time becomes a block with no title through the served app, and it goes when the calendar is no longer shared.
/// </summary>
public sealed class BusyCalendarsTests(AzuriteFixture azurite, EmulatorFixture emulator, PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Table")]
    [InlineData("PostgreSql")]
    public async Task FamilyCalendar_ChosenWithCalsync_BlocksTimeWithNoTitle_UntilUnshared(string store)
    {
        await using var storage = await ServedStore.StartAsync(store, azurite, Token);
        await using var app = await ServedApp.StartAsync(storage.ConnectionString, emulator, await ServedStore.SettingsAsync(store, postgres, Token));
        var staffId = await app.Calsync.ConnectNewStaffAsync();
        var day = DateTime.UtcNow.Date.AddDays(4);
        var family = await emulator.SharedCalendarAsync($"{staffId}@example.com", "freeBusyReader", day.AddHours(14), day.AddHours(15), Token);

        // The connect's own sync done first: the choice's sync would otherwise wait the defer delay behind it, past the wait below.
        (await app.Calsync.SyncWhenFreeAsync(staffId)).AssertSucceeded();
        var set = await app.Calsync.RunAsync("calendars", "set", staffId, "--busy", family, "--json");
        var asked = await LastMessageAsync(app, staffId, message => message?.Contains("connect their calendar again", StringComparison.Ordinal) == true);
        var beforeReconnect = await BlocksAsync(app, staffId, _ => true);
        (await app.Calsync.RunAsync("connect", staffId)).AssertSucceeded();
        var blocked = await BlocksAsync(app, staffId, blocks => blocks.Count == 1);
        await emulator.ShareAsync(family, $"{staffId}@example.com", "none", Token);
        (await app.Calsync.SyncWhenFreeAsync(staffId)).AssertSucceeded();
        var after = await BlocksAsync(app, staffId, _ => true);
        var list = await app.Calsync.RunAsync("calendars", "list", staffId, "--json");

        set.AssertSucceeded();
        Assert.Contains("\"busyOnly\"", set.Output, StringComparison.Ordinal);
        Assert.Contains(family, asked, StringComparison.Ordinal);
        Assert.Empty(beforeReconnect);
        var block = Assert.Single(blocked);
        Assert.StartsWith("g-.b", (string?)block!["id"], StringComparison.Ordinal);
        Assert.Contains($"{day:yyyy-MM-dd}", (string?)block["period"], StringComparison.Ordinal);
        Assert.Null(block["summary"]);
        Assert.Empty(after);
        list.AssertSucceeded();
        Assert.DoesNotContain(family, list.Output, StringComparison.Ordinal);
    }

    /// <summary>The last run's message of the staff member as <c>calsync status --json</c> prints it, once <paramref name="done"/>.</summary>
    private static async Task<string> LastMessageAsync(ServedApp app, string staffId, Func<string?, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var status = await app.Calsync.RunAsync("status", "--json");
            status.AssertSucceeded();
            var row = JsonNode.Parse(status.Output)!.AsArray().SingleOrDefault(r => (string?)r!["staffId"] == staffId);
            var message = (string?)row?["lastMessage"];
            if (done(message))
            {
                return message!;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Waited 30 s for the run's message of {staffId}: {status.Output}");
            await Task.Delay(500, Token);
        }
    }

    /// <summary>The staff member's blocks as <c>calsync blocks list --json</c> prints them, once <paramref name="done"/> (the sync is queued, not waited for).</summary>
    private static async Task<JsonArray> BlocksAsync(ServedApp app, string staffId, Func<JsonArray, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var listed = await app.Calsync.RunAsync("blocks", "list", staffId, "--json");
            listed.AssertSucceeded();
            var blocks = JsonNode.Parse(listed.Output)!.AsArray();
            if (done(blocks))
            {
                return blocks;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Waited 30 s for the blocks of {staffId}: {listed.Output}");
            await Task.Delay(500, Token);
        }
    }
}
