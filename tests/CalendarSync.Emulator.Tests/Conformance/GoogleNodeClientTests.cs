using System.Diagnostics;
using CalendarSync.Testing;

namespace CalendarSync.Emulator.Tests.Conformance;

/// <summary>
/// Google's own Node client (@googleapis/calendar with google-auth-library, pinned in package.json) runs
/// conformance/calendar-conformance.mjs against the emulator: what it checks is what the client would see at Google.
/// </summary>
public sealed class GoogleNodeClientTests
{
    [Fact]
    public async Task ConformanceScript_AgainstEmulator_PassesEveryCheck()
    {
        // Its own emulator: the script injects faults, which strike every caller of an emulator.
        await using var emulator = await EmulatorHost.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var script = Path.Combine(RepositoryRoot.Path, "tests", "CalendarSync.Emulator.Tests", "conformance", "calendar-conformance.mjs");
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { script, emulator.BaseUri.ToString() },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Path,
        };

        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = node.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = node.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await node.WaitForExitAsync(TestContext.Current.CancellationToken);

        var report = $"{await output}\n{await errors}";
        Assert.True(node.ExitCode == 0, report);
        Assert.Contains("conformance: 35 checks passed", report, StringComparison.Ordinal);
    }
}
