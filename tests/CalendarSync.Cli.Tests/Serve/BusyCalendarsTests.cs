using System.Text.Json.Nodes;
using CalendarSync.Testing;

namespace CalendarSync.Cli.Tests.Serve;

/// <summary>
/// A family calendar read as busy times, the story of issue 23 on both stores: chosen with <c>calsync calendars set</c>,
/// its busy time becomes a block with no title through the served app, and it goes when the calendar is no longer shared.
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

        var set = await app.Calsync.RunAsync("calendars", "set", staffId, "--busy", family, "--json");
        var blocked = await BlocksAsync(app, staffId, blocks => blocks.Count == 1);
        await emulator.ShareAsync(family, $"{staffId}@example.com", "none", Token);
        (await app.Calsync.RunAsync("sync", staffId)).AssertSucceeded();
        var after = await BlocksAsync(app, staffId, _ => true);
        var list = await app.Calsync.RunAsync("calendars", "list", staffId, "--json");

        set.AssertSucceeded();
        Assert.Contains("\"busyOnly\"", set.Output, StringComparison.Ordinal);
        var block = Assert.Single(blocked);
        Assert.StartsWith("g-.b", (string?)block!["id"], StringComparison.Ordinal);
        Assert.Contains($"{day:yyyy-MM-dd}", (string?)block["period"], StringComparison.Ordinal);
        Assert.Null(block["summary"]);
        Assert.Empty(after);
        list.AssertSucceeded();
        Assert.DoesNotContain(family, list.Output, StringComparison.Ordinal);
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
