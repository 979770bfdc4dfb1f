using System.Diagnostics;
using System.Text;

namespace CalendarSync.Cli.Tests.Reliability;

/// <summary>
/// <c>calsync</c> as its own process, started as an operator or a scheduler starts it, so that a kill is the operating
/// system's kill (<see cref="Process.Kill(bool)"/>): no <c>finally</c>, no lease release, no message deleted.
/// </summary>
internal sealed class CalsyncProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private CalsyncProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The process id, for the report of a kill.</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What it wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the built <c>calsync</c> (copied next to the tests) with the settings as environment variables.</summary>
    public static CalsyncProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "calsync.exe" : "calsync"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var started = new CalsyncProcess(process);
        process.OutputDataReceived += (_, line) => started.Append(line.Data);
        process.ErrorDataReceived += (_, line) => started.Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits for the exit and answers the exit code; a process still running after <paramref name="timeout"/> is killed and fails the test.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"calsync {string.Join(' ', _process.StartInfo.ArgumentList)} ran longer than {timeout}:\n{Output}");
        }

        // The exit event can come before the last lines of output; this wait drains them.
        await _process.WaitForExitAsync(CancellationToken.None);
        return _process.ExitCode;
    }

    /// <summary>Kills the process and everything it started, at once.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
