using CalendarSync.Testing;

namespace CalendarSync.Cli.Tests.Commands;

public sealed class ConnectionControlCommandsTests(AzuriteFixture azurite, EmulatorFixture emulator)
{
    [Fact]
    public async Task Pause_ThenSweep_LeavesThePausedOneOutUntilResumed()
    {
        using var calsync = Calsync.On(azurite, emulator);
        var paused = await calsync.ConnectNewStaffAsync();
        var other = await calsync.ConnectNewStaffAsync();
        (await calsync.RunAsync("sweep", "--json")).AssertSucceeded();

        var pause = (await calsync.RunAsync("pause", paused)).AssertSucceeded();
        var swept = Staff((await calsync.RunAsync("sweep", "--json")).AssertSucceeded());
        var manual = await calsync.RunAsync("sweep", "--staff", paused);
        (await calsync.RunAsync("resume", paused)).AssertSucceeded();
        var resumed = Staff((await calsync.RunAsync("sweep", "--json")).AssertSucceeded());

        Assert.Contains("Paused", pause.Output, StringComparison.Ordinal);
        Assert.Contains(other, swept);
        Assert.DoesNotContain(paused, swept);
        Assert.Equal(1, manual.ExitCode);
        Assert.Contains(paused, resumed);
    }

    [Fact]
    public async Task Direction_PushOnly_IsStoredAndShownAndANonsenseOneIsRefused()
    {
        using var calsync = Calsync.On(azurite, emulator);
        var staffId = await calsync.ConnectNewStaffAsync();

        var set = await calsync.RunAsync("direction", staffId, "pushonly");
        var refused = await calsync.RunAsync("direction", staffId, "sideways");
        var status = (await calsync.RunAsync("status", "--json")).AssertSucceeded().Json();

        set.AssertSucceeded();
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Bidirectional, PushOnly, PullOnly", refused.Error, StringComparison.Ordinal);
        var row = status.EnumerateArray().Single(r => r.GetProperty("staffId").GetString() == staffId);
        Assert.Equal("PushOnly", row.GetProperty("direction").GetString());
    }

    [Fact]
    public async Task Pause_UnknownStaff_FailsAndSaysSo()
    {
        using var calsync = Calsync.On(azurite, emulator);

        var result = await calsync.RunAsync("pause", "nobody-" + Guid.NewGuid().ToString("N")[..6]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has no connection", result.Error, StringComparison.Ordinal);
    }

    private static List<string> Staff(CalsyncResult sweep) =>
        [.. sweep.Json().EnumerateArray().Select(r => r.GetProperty("staffId").GetString()!)];
}
