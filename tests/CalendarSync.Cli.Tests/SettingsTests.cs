using CalendarSync.Testing;

namespace CalendarSync.Cli.Tests;

public sealed class SettingsTests(AzuriteFixture azurite, EmulatorFixture emulator)
{
    [Fact]
    public async Task Run_WithAnEmptyRequiredSetting_ExitsTwoNamingTheSetting()
    {
        using var calsync = Calsync.On(azurite, emulator, new Dictionary<string, string> { ["Google__ClientId"] = "", ["Sync__BusinessTimeZone"] = "Mars/Olympus" });

        var result = await calsync.RunAsync("status");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Google__ClientId", result.Error, StringComparison.Ordinal);
        Assert.Contains("Sync__BusinessTimeZone", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Run_WithAMissingSettingsFile_ExitsTwoNamingTheFile()
    {
        var error = new StringWriter();

        var exitCode = await CalsyncCommand.Create().Parse(["status", "--settings", "/no/such/settings.json"])
            .InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = new StringWriter(), Error = error }, TestContext.Current.CancellationToken);

        Assert.Equal(2, exitCode);
        Assert.Contains("/no/such/settings.json", error.ToString(), StringComparison.Ordinal);
    }
}
