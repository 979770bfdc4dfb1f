using System.Diagnostics;

namespace CalendarSync.Infra.Tests;

/// <summary>Runs the Bicep CLI restored from NuGet, offline and with a time limit.</summary>
internal static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<BicepRun> RunAsync(string workingDirectory, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var path = EnsureExecutable();
        var start = new ProcessStartInfo(path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The templates use no registry module, so nothing needs the network; the time limit below
        // turns a CLI that waits for one anyway into a failure instead of a hang.
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {path}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', start.ArgumentList)} did not finish within {Timeout}; is it waiting for the network?");
        }

        return new BicepRun(process.ExitCode, (await stdout + await stderr).Trim());
    }

    private static string EnsureExecutable()
    {
        var path = Repository.BicepPath;
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            throw new PlatformNotSupportedException(
                "The infra tests run the pinned Azure.Bicep.CommandLine.linux-x64 package, so they need Linux on x64 (as CI has).");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The Bicep CLI is not at {path}. It comes from the Azure.Bicep.CommandLine.linux-x64 package that " +
                "tests/CalendarSync.Infra.Tests restores (pinned in Directory.Packages.props); run `dotnet restore` and check that NuGet served it.",
                path);
        }

        // NuGet does not always keep the package's execute bit.
        var mode = File.GetUnixFileMode(path);
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | execute);
        }

        return path;
    }
}
