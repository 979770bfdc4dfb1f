using CalendarSync.Cli.Staff;
using CalendarSync.Cli.StandIns;
using CalendarSync.Emulator;
using CalendarSync.Google;
using Microsoft.Extensions.Configuration;

namespace CalendarSync.Cli.Demo;

/// <summary>
/// Azurite and the Google emulator for the demo: the ones the settings point at when they are running, otherwise
/// started here on free ports (and stopped on dispose), with the settings that point at them.
/// </summary>
internal sealed class LocalStandIns : IAsyncDisposable
{
    private const string DevelopmentStorage = "UseDevelopmentStorage=true";
    private const int DevelopmentTablePort = 10002;

    private AzuriteProcess? _azurite;
    private EmulatorHost? _emulator;
    private PostgresProcess? _postgres;

    private LocalStandIns()
    {
    }

    /// <summary>Settings over the configured ones, pointing at stand-ins started here.</summary>
    public Dictionary<string, string?> Overrides { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What runs where, for people.</summary>
    public List<string> Description { get; } = [];

    public bool StartedAny => _azurite is not null || _emulator is not null || _postgres is not null;

    /// <summary>Starts what is not running; with <paramref name="postgres"/>, a PostgreSQL server too, holding the appointment data.</summary>
    public static async Task<LocalStandIns> StartAsync(IConfiguration settings, CancellationToken cancellationToken, bool postgres = false)
    {
        var standIns = new LocalStandIns();
        try
        {
            await standIns.StartAzuriteAsync(settings, cancellationToken);
            await standIns.StartEmulatorAsync(settings, cancellationToken);
            if (postgres)
            {
                await standIns.StartPostgresAsync(cancellationToken);
            }

            return standIns;
        }
        catch
        {
            await standIns.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await _postgres.DisposeAsync();
        }

        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    private async Task StartAzuriteAsync(IConfiguration settings, CancellationToken cancellationToken)
    {
        if (settings["AzureWebJobsStorage"] == DevelopmentStorage && await AzuriteProcess.IsListeningAsync(DevelopmentTablePort, cancellationToken))
        {
            Description.Add($"Azure Storage: the Azurite already running on 127.0.0.1:10000-{DevelopmentTablePort}");
            return;
        }

        _azurite = await AzuriteProcess.StartAsync(RepositoryLocator.Find(), cancellationToken: cancellationToken);
        Overrides["AzureWebJobsStorage"] = _azurite.ConnectionString;
        Description.Add("Azurite (Azure Storage stand-in) started in memory:");
        Description.Add($"  blobs   http://127.0.0.1:{_azurite.BlobPort}");
        Description.Add($"  queues  http://127.0.0.1:{_azurite.QueuePort}");
        Description.Add($"  tables  http://127.0.0.1:{_azurite.TablePort}");
    }

    private async Task StartPostgresAsync(CancellationToken cancellationToken)
    {
        _postgres = await PostgresProcess.StartAsync(RepositoryLocator.Find(), cancellationToken: cancellationToken);

        // The server trusts local connections, so the password is never asked for; it keeps the app from signing in with
        // an Entra ID token, which it does where a connection string has none.
        Overrides["AppointmentData:Provider"] = "PostgreSql";
        Overrides["AppointmentData:ConnectionString"] = _postgres.ConnectionStringFor("postgres") + ";Password=local";
        Overrides["AppointmentData:MigrateOnStart"] = "true";
        Description.Add("PostgreSQL (the business's database, schema calendar_sync) started in a temporary folder:");
        Description.Add($"  sql     {_postgres.ConnectionStringFor("postgres")}");
    }

    private async Task StartEmulatorAsync(IConfiguration settings, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(settings["Google:ApiRootUri"], UriKind.Absolute, out var configured) && await AnswersAsEmulatorAsync(configured, cancellationToken))
        {
            Description.Add($"Google: the emulator already running at {configured}");
            return;
        }

        _emulator = await EmulatorHost.StartAsync(cancellationToken: cancellationToken);
        var root = _emulator.BaseUri;
        foreach (var (key, value) in GoogleOptions.OneOriginSettings(root))
        {
            Overrides[key.Replace("__", ":", StringComparison.Ordinal)] = value;
        }

        Description.Add("The Google Calendar + OAuth emulator started in memory (docs/emulator.md):");
        Description.Add($"  google  {root}  (Calendar v3, /token, /o/oauth2/v2/auth; admin under /emulator)");
    }

    private static async Task<bool> AnswersAsEmulatorAsync(Uri root, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        return await GoogleEmulator.AnswersAtAsync(http, root, cancellationToken);
    }
}
