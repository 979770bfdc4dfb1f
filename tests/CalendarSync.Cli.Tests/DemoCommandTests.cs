using System.CommandLine;
using System.Text.RegularExpressions;
using CalendarSync.Cli;
using CalendarSync.Cli.StandIns;

namespace CalendarSync.Cli.Tests;

public sealed partial class DemoCommandTests
{
    [Fact]
    public async Task Demo_WithoutKeepRunning_StartsAzuriteReportsItAndStopsIt()
    {
        var output = new StringWriter();
        var configuration = new InvocationConfiguration { Output = output, Error = output };

        var exitCode = await CalsyncCommand.Create().Parse(["demo"]).InvokeAsync(configuration, TestContext.Current.CancellationToken);

        Assert.Equal(0, exitCode);
        var tablePort = int.Parse(TablesLine().Match(output.ToString()).Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(await AzuriteProcess.IsListeningAsync(tablePort, TestContext.Current.CancellationToken),
            "calsync demo left Azurite running without --keep-running.");
        Assert.Contains("Stopping Azurite and the emulator.", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_FailsWithNonZeroExitCode()
    {
        var output = new StringWriter();
        var configuration = new InvocationConfiguration { Output = output, Error = output };

        var exitCode = await CalsyncCommand.Create().Parse(["no-such-command"]).InvokeAsync(configuration, TestContext.Current.CancellationToken);

        Assert.NotEqual(0, exitCode);
    }

    [GeneratedRegex(@"tables\s+http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex TablesLine();
}
