using System.Text.RegularExpressions;
using CalendarSync.Cli.StandIns;
using CalendarSync.Testing;

namespace CalendarSync.Cli.Tests;

public sealed partial class DemoCommandTests(AzuriteFixture azurite, EmulatorFixture emulator)
{
    [Fact]
    public async Task Demo_WithoutKeepRunning_SyncsBothWaysShowsTheChangesAndStopsWhatItStarted()
    {
        // The settings name the test's emulator (running: the demo uses it) and a storage account that is not the local
        // default (so the demo starts its own Azurite, which it must stop again).
        using var calsync = Calsync.On(azurite, emulator);

        var result = await calsync.RunAsync("demo");

        result.AssertSucceeded();
        Assert.Contains("Google: the emulator already running", result.Output, StringComparison.Ordinal);
        var tablePort = int.Parse(TablesLine().Match(result.Output).Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(await AzuriteProcess.IsListeningAsync(tablePort, TestContext.Current.CancellationToken),
            "calsync demo left Azurite running without --keep-running.");
        Assert.Contains("Stopping the stand-ins this demo started.", result.Output, StringComparison.Ordinal);

        // What the demo shows came from the emulator's calendars, which outlive it: check them.
        var cleo = await EventsOfAsync(emulator, "cleo@demo.example");
        var dentist = cleo.Single(e => e.GetProperty("summary").GetString() == "Dentist");
        Assert.Contains("T09:00:00", dentist.GetProperty("start").GetProperty("dateTime").GetString(), StringComparison.Ordinal);
        Assert.Equal(10, cleo.Count(e => e.GetProperty("status").GetString() == "confirmed" && e.TryGetProperty("extendedProperties", out _)));
        var ana = await EventsOfAsync(emulator, "ana@demo.example");
        Assert.Equal(11, ana.Count(e => e.TryGetProperty("extendedProperties", out _)));
        Assert.Contains("Lunch", result.Output, StringComparison.Ordinal);

        // The demo opts into names, and says so.
        Assert.Contains("This demo opts into customer names in calendars", TerminalLines(result.Output), StringComparison.Ordinal);
        Assert.Contains(ana, e => e.GetProperty("summary").GetString() == "Appointment: Mrs Lindqvist");
    }

    private static string TerminalLines(string output) => string.Join(' ', output.Split('\n', StringSplitOptions.TrimEntries));

    [Fact]
    public async Task UnknownCommand_FailsWithNonZeroExitCode()
    {
        using var calsync = Calsync.On(azurite, emulator);

        var result = await calsync.RunAsync("no-such-command");

        Assert.NotEqual(0, result.ExitCode);
    }

    private static async Task<List<System.Text.Json.JsonElement>> EventsOfAsync(EmulatorFixture emulator, string email)
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseUri };
        var all = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(
            http, $"emulator/calendars/{email}/events", TestContext.Current.CancellationToken);
        return [.. all.GetProperty("items").EnumerateArray()];
    }

    [GeneratedRegex(@"tables\s+http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex TablesLine();
}
