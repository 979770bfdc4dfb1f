using System.Text.Json.Nodes;
using CalendarSync.Core.Domain;
using CalendarSync.Testing;

namespace CalendarSync.Cli.Tests.Serve;

public sealed partial class WriteCalendarTests
{
    /// <summary>
    /// A calendar read in full leaves in each of the ways it can, on both stores against the emulator: taken out of the
    /// choice, unsubscribed in Google Calendar (Google still answers for it; only the staff member's list tells), and
    /// deleted by its owner. Each takes its block with it; the others stand.
    /// </summary>
    [Theory]
    [InlineData("Table")]
    [InlineData("PostgreSql")]
    public async Task CalendarsReadInFull_RemovedFromTheChoice_Unsubscribed_Deleted_EachTakesItsBlock(string store)
    {
        await using var storage = await ServedStore.StartAsync(store, azurite, Token);
        await using var app = await ServedApp.StartAsync(storage.ConnectionString, emulator, await ServedStore.SettingsAsync(store, postgres, Token));
        var staffId = await app.Calsync.ConnectNewStaffAsync();
        var email = $"{staffId}@example.com";
        var day = DateTime.UtcNow.Date.AddDays(5);
        (await app.Calsync.SyncWhenFreeAsync(staffId)).AssertSucceeded();
        var holidays = await emulator.SharedCalendarAsync(email, "reader", day.AddHours(9), day.AddHours(10), Token);
        var team = await emulator.SharedCalendarAsync(email, "reader", day.AddHours(11), day.AddHours(12), Token);
        var choir = await emulator.SharedCalendarAsync(email, "writer", day.AddHours(13), day.AddHours(14), Token);

        (await app.Calsync.RunAsync("calendars", "set", staffId, "--read", $"{holidays},{team},{choir}")).AssertSucceeded();
        var all = await WaitAsync(() => BlocksAsync(app, staffId), blocks => blocks.Count == 3);
        (await app.Calsync.RunAsync("calendars", "set", staffId, "--read", $"{team},{choir}")).AssertSucceeded();
        var removed = await WaitAsync(() => BlocksAsync(app, staffId), blocks => blocks.Count == 2);
        await emulator.UnsubscribeAsync(email, team, Token);
        (await app.Calsync.SyncWhenFreeAsync(staffId)).AssertSucceeded();
        var unsubscribed = await BlocksAsync(app, staffId);
        var said = await LastMessageAsync(app, staffId);
        await emulator.DeleteCalendarAsync(choir, Token);
        (await app.Calsync.SyncWhenFreeAsync(staffId)).AssertSucceeded();
        var deleted = await BlocksAsync(app, staffId);

        Assert.Equal([holidays, team, choir], CalendarsOf(all, holidays, team, choir));
        Assert.Equal([team, choir], CalendarsOf(removed, holidays, team, choir));
        Assert.Equal([choir], CalendarsOf(unsubscribed, holidays, team, choir));
        Assert.Contains($"The calendar {team} chosen for the staff member is no longer on their Google calendar list", said, StringComparison.Ordinal);
        Assert.Empty(deleted);
    }

    /// <summary>Which of <paramref name="calendars"/> the blocks came from, in that order.</summary>
    private static List<string> CalendarsOf(JsonArray blocks, params string[] calendars) =>
        [.. calendars.Where(calendar => blocks.Any(b => ((string?)b!["id"])!.StartsWith(BlockedSlot.OtherCalendarBlockPrefix(calendar), StringComparison.Ordinal)))];

    private static async Task<string?> LastMessageAsync(ServedApp app, string staffId)
    {
        var status = (await app.Calsync.RunAsync("status", "--json")).AssertSucceeded();
        return (string?)JsonNode.Parse(status.Output)!.AsArray().Single(row => (string?)row!["staffId"] == staffId)!["lastMessage"];
    }
}
