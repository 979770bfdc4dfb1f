using System.Diagnostics;
using CalendarSync.Testing;

namespace CalendarSync.Cli.Tests;

/// <summary>The built calsync as a real process, configured by environment variables alone (over the checkout's sample settings).</summary>
public sealed class ProcessTests(AzuriteFixture azurite, EmulatorFixture emulator)
{
    [Fact]
    public async Task Sweep_AsAProcessWithSettingsFromTheEnvironment_SyncsTheStaffMember()
    {
        using var calsync = Calsync.On(azurite, emulator);
        var staffId = await calsync.ConnectNewStaffAsync();
        var day = DateTime.UtcNow.Date.AddDays(5);
        (await calsync.RunAsync("appointments", "put", staffId, "p1", "--start", $"{day:yyyy-MM-dd}T09:00:00Z", "--end", $"{day:yyyy-MM-dd}T10:00:00Z", "--customer", "Eve")).AssertSucceeded();

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var argument in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "calsync.dll"), "sweep", "--staff", staffId, "--json" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in calsync.Values)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, $"calsync exited {process.ExitCode}: {await output}\n{await error}");
        Assert.Contains(staffId, await output, StringComparison.Ordinal);
        var events = await calsync.GoogleEventsAsync(staffId);
        Assert.Equal("confirmed", Assert.Single(events).GetProperty("status").GetString());
    }
}
