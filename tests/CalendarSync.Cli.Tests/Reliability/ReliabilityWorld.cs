using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using CalendarSync.Azure.Sync;
using CalendarSync.Azure.Storage;
using CalendarSync.Cli.StandIns;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using CalendarSync.Emulator;
using CalendarSync.Google;
using CalendarSync.Hosting;
using CalendarSync.Testing;
using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace CalendarSync.Cli.Tests.Reliability;

/// <summary>
/// One Azurite and one Google emulator of a test's own (faults and sweeps are global to them), the settings calsync runs
/// with, and the app's own services in the test process for what the appointment system and the staff members do between
/// sweeps: connecting through the OAuth flow, writing appointment data, and editing their Google calendars.
/// </summary>
internal sealed class ReliabilityWorld : IAsyncDisposable
{
    /// <summary>How long a killed run's lease (and its received messages) stay taken; short, so a soak can wait for it.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(12);

    /// <summary>How long a sweep page's members may start after the page did: a killed page's message comes back after it and the lease.</summary>
    public static readonly TimeSpan SweepMessageStartWindow = TimeSpan.FromSeconds(2);

    private readonly AzuriteProcess _azurite;
    private readonly EmulatorHost _emulator;
    private readonly ServiceProvider _services;
    private readonly HttpClient _admin;
    private readonly CalendarServiceFactory _staffHands;

    private ReliabilityWorld(AzuriteProcess azurite, EmulatorHost emulator, Dictionary<string, string> settings)
    {
        _azurite = azurite;
        _emulator = emulator;
        Settings = settings;
        var sample = JsonNode.Parse(File.ReadAllText(SampleSettingsPath))!["Values"]!.AsObject()
            .ToDictionary(p => p.Key, p => (string?)p.Value?.ToString());
        foreach (var (name, value) in settings)
        {
            sample[name] = value;
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(sample.Select(p => KeyValuePair.Create(p.Key.Replace("__", ":", StringComparison.Ordinal), p.Value)))
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddCalendarSync(configuration, new DevelopmentEnvironment());
        services.AddSingleton<ISyncObserver, UnobservedSync>();
        _services = services.BuildServiceProvider();
        _admin = new HttpClient { BaseAddress = emulator.BaseUri };

        // Not calsync's one-second timeout: a staff member's insert that timed out on a busy machine and was retried
        // would store their event twice (Google chooses its id), and the duplicate check would blame the sync.
        _staffHands = new CalendarServiceFactory(new GoogleOptions { ApiRootUri = emulator.BaseUri }, TimeProvider.System);
        Tables = new TableServiceClient(azurite.ConnectionString);
        var queues = new QueueServiceClient(azurite.ConnectionString);
        Queue = queues.GetQueueClient(Service<SyncQueueNames>().Queue);
        PoisonQueue = queues.GetQueueClient(Service<SyncQueueNames>().Poison);
    }

    public static string SampleSettingsPath => Path.Combine(RepositoryRoot.Path, "local.settings.sample.json");

    /// <summary>calsync's settings over the sample's, as environment variables (<c>__</c> separates sections).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public Uri Google => _emulator.BaseUri;

    public TableServiceClient Tables { get; }

    public QueueClient Queue { get; }

    public QueueClient PoisonQueue { get; }

    /// <summary>
    /// Starts the stand-ins. Google calls time out after a second and retry quickly, so injected timeouts cost the soak
    /// seconds, not minutes; a message that threw comes back after a second; leases last <see cref="LeaseDuration"/>.
    /// </summary>
    public static async Task<ReliabilityWorld> StartAsync(CancellationToken cancellationToken)
    {
        var azurite = await AzuriteProcess.StartAsync(RepositoryRoot.Path, cancellationToken: cancellationToken);
        var emulator = await EmulatorHost.StartAsync(cancellationToken: cancellationToken);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = Environments.Development,
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Google__NotificationUri"] = "",
            ["Google__RequestTimeout"] = "00:00:01",
            ["Google__Retry__MaxAttempts"] = "4",
            ["Google__Retry__BaseDelay"] = "00:00:00.050",
            ["Google__Retry__MaxDelay"] = "00:00:00.400",
            ["Sync__LeaseDuration"] = LeaseDuration.ToString("c", CultureInfo.InvariantCulture),
            ["Sync__RunTimeBudget"] = "00:00:10",
            ["Sync__SweepMessageStartWindow"] = SweepMessageStartWindow.ToString("c", CultureInfo.InvariantCulture),
            ["Sync__DeferDelay"] = "00:00:01",
            ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:01",
        };
        foreach (var (key, value) in GoogleOptions.OneOriginSettings(emulator.BaseUri))
        {
            settings[key] = value;
        }

        return new ReliabilityWorld(azurite, emulator, settings);
    }

    public T Service<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Runs calsync with this world's settings.</summary>
    public CalsyncProcess Calsync(params string[] args) => CalsyncProcess.Start(Settings, ["--settings", SampleSettingsPath, .. args]);

    /// <summary>
    /// Connects a new staff member as the appointment system's "Connect Google Calendar" button does: the connect link,
    /// the emulator's consent, the callback. Answers their calendar as they see it, through their own grant.
    /// </summary>
    public async Task<StaffCalendar> ConnectAsync(string staffId, string timeZone, CancellationToken cancellationToken)
    {
        var user = await EmulatorFixture.CreateUserAsync(Google, $"{staffId}@example.com", timeZone, cancellationToken: cancellationToken);
        var connections = Service<ConnectionService>();
        var consentUrl = await ConsentFlow.StartAsync(connections, staffId, user.Email, cancellationToken);
        var redirect = await ConsentFlow.ConsentAsync(consentUrl, signInAs: null, cancellationToken);
        var outcome = await connections.CompleteAsync(redirect["state"], redirect["code"], redirect["error"], cancellationToken);
        if (!outcome.IsConnected)
        {
            throw new InvalidOperationException($"{staffId} did not connect: {outcome.GoogleError}");
        }

        var service = _staffHands.Create(GoogleCredential.FromAccessToken(user.AccessToken));
        return new StaffCalendar(staffId, user.Email, StaffTimeZone.Find(timeZone), service);
    }

    /// <summary>Connects <paramref name="count"/> staff members, eight at a time, their zones taken in turn, each seeded as it connects.</summary>
    public async Task<StaffCalendar[]> ConnectManyAsync(
        string prefix, int count, string[] zones, Func<StaffCalendar, CancellationToken, Task> seed, CancellationToken cancellationToken)
    {
        var staff = new StaffCalendar[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, token) =>
        {
            staff[i] = await ConnectAsync(string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:D4}"), zones[i % zones.Length], token);
            await seed(staff[i], token);
        });
        return staff;
    }

    /// <summary>A line of figures in the test's output, time-stamped.</summary>
    public static void Report(string line) =>
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTimeOffset.UtcNow:HH:mm:ss}] {line}"));

    /// <summary>Every Google request and injected fault (by kind) the emulator has seen.</summary>
    public async Task<(long Requests, IReadOnlyDictionary<string, long> Struck)> FaultStatsAsync(CancellationToken cancellationToken)
    {
        var stats = (await _admin.GetFromJsonAsync<JsonNode>("emulator/faults/stats", cancellationToken))!;
        return ((long)stats["requests"]!, stats["struck"]!.AsObject().ToDictionary(p => p.Key, p => (long)p.Value!));
    }

    /// <summary>Adds a fault (<c>POST /emulator/faults</c>), or applies an immediate one (expireSyncTokens, revokeGrant).</summary>
    public async Task FaultAsync(object fault, CancellationToken cancellationToken)
    {
        using var response = await _admin.PostAsJsonAsync("emulator/faults", fault, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task ClearFaultsAsync(CancellationToken cancellationToken)
    {
        using var response = await _admin.DeleteAsync("emulator/faults", cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Every event ever stored in the calendar, deleted ones included (the emulator's admin view).</summary>
    public async Task<JsonArray> EverStoredAsync(string email, CancellationToken cancellationToken) =>
        (await _admin.GetFromJsonAsync<JsonNode>($"emulator/calendars/{Uri.EscapeDataString(email)}/events", cancellationToken))!["items"]!.AsArray();

    /// <summary>The holders of the leases taken now: runs under way, or killed ones whose leases have not expired yet.</summary>
    public async Task<IReadOnlySet<string>> LeasesHeldAsync(CancellationToken cancellationToken)
    {
        var held = new HashSet<string>(StringComparer.Ordinal);
        // Leases live on the staff members' control rows, the sync state's "state|{staffId}" rows; a released one has no holder.
        var table = Tables.GetTableClient(StorageTables.SyncState);
        await table.CreateIfNotExistsAsync(cancellationToken);
        await foreach (var lease in table.QueryAsync<TableEntity>(filter: "RowKey ge 'state|' and RowKey lt 'state|~'", cancellationToken: cancellationToken))
        {
            if (lease.GetString("Holder") is { Length: > 0 } holder && lease.GetDateTimeOffset("ExpiresAt") > DateTimeOffset.UtcNow)
            {
                held.Add(holder);
            }
        }

        return held;
    }

    /// <summary>Every run the sync log holds, oldest first per staff member.</summary>
    public async Task<IReadOnlyList<SyncLogEntry>> SyncLogAsync(string staffId, CancellationToken cancellationToken)
    {
        var log = Service<ISyncLog>();
        var entries = new List<SyncLogEntry>();
        string? continuation = null;
        do
        {
            var page = await log.ListAsync(staffId, continuation, 1000, cancellationToken);
            entries.AddRange(page.Items);
            continuation = page.Continuation;
        }
        while (continuation is not null);

        return [.. entries.OrderBy(e => e.StartedAt)];
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        _staffHands.Dispose();
        await _services.DisposeAsync();
        await _emulator.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private sealed class DevelopmentEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;

        public string ApplicationName { get; set; } = "CalendarSync.Cli.Tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    /// <summary>The test process queues syncs (connect, writes) but runs none: calsync does, and reports there.</summary>
    private sealed class UnobservedSync : ISyncObserver
    {
        public void Completed(SyncRunResult result, ConnectionStatus status)
        {
        }

        public void Failed(SyncRunResult result)
        {
        }

        public void Skipped(SyncRequest request, string reason)
        {
        }

        public void Requeued(SyncRequest request, string reason)
        {
        }

        public void MalformedRequest(string problem)
        {
        }

        public void NewConflicts(string staffId, IReadOnlyList<Core.Data.BookingConflict> conflicts)
        {
        }
    }
}
