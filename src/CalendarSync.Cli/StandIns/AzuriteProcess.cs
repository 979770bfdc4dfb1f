using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CalendarSync.Cli.StandIns;

/// <summary>
/// Azurite (Blobs, Queues, Tables) in memory, run from the repository's pinned npm package on loopback ports.
/// The demo, the test fixtures and the bench start Azure Storage this way.
/// </summary>
/// <remarks>
/// Each service is its own Node.js process (the package's <c>blob</c>, <c>queue</c> and <c>table</c> entry points): Node
/// answers requests on one thread, so one process for all three made every queue message wait behind table requests
/// and left a second core idle. The access log is off (<c>--silent</c>): a line per request cost Azurite about a fifth
/// of its CPU and told nothing a test reads; start-up errors still reach the output kept for the failure message.
/// </remarks>
public sealed class AzuriteProcess : IAsyncDisposable
{
    // Azurite's well-known development account; it is public and works only against Azurite.
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly List<Service> _services;

    private AzuriteProcess(List<Service> services, int blobPort, int queuePort, int tablePort)
    {
        _services = services;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>A connection string for the Azure SDK clients, pointing at this instance.</summary>
    public string ConnectionString => ConnectionStringFor(BlobPort, QueuePort, TablePort);

    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};";

    /// <summary>Starts the three services on the given ports (0: a free one each) and waits until all three listen.</summary>
    public static async Task<AzuriteProcess> StartAsync(
        string repositoryRoot, int blobPort = 0, int queuePort = 0, int tablePort = 0, CancellationToken cancellationToken = default)
    {
        var package = Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src");
        if (!File.Exists(Path.Combine(package, "azurite.js")))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({package} is missing). Run `npm ci` at the repository root " +
                "(`dotnet build` does it when Node.js 20 or later is on the PATH).");
        }

        blobPort = blobPort == 0 ? FreePort() : blobPort;
        queuePort = queuePort == 0 ? FreePort() : queuePort;
        tablePort = tablePort == 0 ? FreePort() : tablePort;

        var services = new List<Service>();
        var azurite = new AzuriteProcess(services, blobPort, queuePort, tablePort);
        try
        {
            // In memory, but Azurite still writes a debug log and its extent folder to the working folder.
            var workspace = Directory.CreateTempSubdirectory("azurite-").FullName;
            foreach (var (name, port) in new[] { ("blob", blobPort), ("queue", queuePort), ("table", tablePort) })
            {
                services.Add(Service.Start(package, name, port, workspace));
            }

            await Task.WhenAll(services.Select(s => s.WaitUntilListeningAsync(cancellationToken)));
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }

        return azurite;
    }

    /// <summary>True when something accepts connections on the loopback port.</summary>
    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken = default)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>One of Azurite's services in its own Node.js process, with its output kept for a failure message.</summary>
    private sealed class Service : IAsyncDisposable
    {
        private readonly StringBuilder _output = new();

        private Service(string name, int port, Process process)
        {
            Name = name;
            Port = port;
            Process = process;
        }

        public string Name { get; }

        public int Port { get; }

        public Process Process { get; }

        public static Service Start(string package, string name, int port, string workspace)
        {
            var start = new ProcessStartInfo("node")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = workspace,
            };
            foreach (var argument in new[]
                     {
                         Path.Combine(package, name, "main.js"), "--inMemoryPersistence", "--disableTelemetry",
                         "--skipApiVersionCheck", "--loose", "--silent",
                         $"--{name}Host", "127.0.0.1", $"--{name}Port", Invariant(port),
                     })
            {
                start.ArgumentList.Add(argument);
            }

            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException($"Azurite's {name} service did not start.");
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException(
                    "Node.js is not on the PATH, so Azurite cannot start. Install Node.js 20 or later.", ex);
            }

            var service = new Service(name, port, process);
            process.OutputDataReceived += (_, e) => service.Capture(e.Data);
            process.ErrorDataReceived += (_, e) => service.Capture(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return service;
        }

        public async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow + StartTimeout;
            while (!await IsListeningAsync(Port, cancellationToken))
            {
                if (Process.HasExited || DateTime.UtcNow > deadline)
                {
                    string log;
                    lock (_output)
                    {
                        log = _output.ToString();
                    }

                    var what = Process.HasExited ? $"exited (code {Process.ExitCode})" : $"did not listen within {StartTimeout.TotalSeconds} s";
                    throw new InvalidOperationException($"Azurite's {Name} service on port {Port} {what}. Its output:\n{log}");
                }

                await Task.Delay(100, cancellationToken);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                await Process.WaitForExitAsync();
            }

            Process.Dispose();
        }

        private void Capture(string? line)
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
}
