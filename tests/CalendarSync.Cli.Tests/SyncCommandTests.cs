using CalendarSync.Testing;

namespace CalendarSync.Cli.Tests;

public sealed class SyncCommandTests(AzuriteFixture azurite, EmulatorFixture emulator)
{
    [Fact]
    public async Task SyncFull_AfterASync_RebuildsTheStatusWithoutDuplicatingEvents()
    {
        using var calsync = Calsync.On(azurite, emulator);
        var staffId = await calsync.ConnectNewStaffAsync();
        var day = DateTime.UtcNow.Date.AddDays(2);
        foreach (var id in new[] { "a1", "a2" })
        {
            var hour = id == "a1" ? 9 : 11;
            (await calsync.RunAsync("appointments", "put", staffId, id, "--start", $"{day:yyyy-MM-dd}T{hour:00}:00:00Z", "--end", $"{day:yyyy-MM-dd}T{hour:00}:30:00Z", "--customer", "Bo")).AssertSucceeded();
        }

        var first = (await calsync.RunAsync("sync", staffId, "--json")).AssertSucceeded().Json();
        var full = (await calsync.RunAsync("sync", staffId, "--full", "--json")).AssertSucceeded().Json();

        Assert.Equal(2, first.GetProperty("created").GetInt32());
        Assert.Equal(0, full.GetProperty("created").GetInt32());
        Assert.Equal(2, (await calsync.GoogleEventsAsync(staffId)).Count);
        var log = (await calsync.RunAsync("log", staffId, "--json")).AssertSucceeded().Json();
        var newest = log.EnumerateArray().First();
        Assert.Equal("Succeeded", newest.GetProperty("outcome").GetString());
        Assert.True(newest.GetProperty("fullResync").GetBoolean());
        Assert.Contains(staffId, (await calsync.RunAsync("log", staffId)).AssertSucceeded().Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_StaffWithoutConnection_FailsSayingSo()
    {
        using var calsync = Calsync.On(azurite, emulator);

        var result = await calsync.RunAsync("sync", "nobody-here");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no enabled connection", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_AfterConnect_ShowsTheConnectionAndNoToken()
    {
        using var calsync = Calsync.On(azurite, emulator);
        var staffId = await calsync.ConnectNewStaffAsync("America/New_York");

        var status = (await calsync.RunAsync("status", "--json")).AssertSucceeded();

        var row = status.Json().EnumerateArray().Single(r => r.GetProperty("staffId").GetString() == staffId);
        Assert.Equal("Active", row.GetProperty("status").GetString());
        Assert.Equal("America/New_York", row.GetProperty("timeZone").GetString());
        Assert.Equal($"{staffId}@example.com", row.GetProperty("calendarId").GetString());
        Assert.DoesNotContain("1//", status.Output, StringComparison.Ordinal);
        Assert.Contains(staffId, (await calsync.RunAsync("status")).AssertSucceeded().Output, StringComparison.Ordinal);
    }
}
