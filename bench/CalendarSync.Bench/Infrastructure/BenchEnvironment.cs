using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using CalendarSync.Azure.Sync;
using CalendarSync.Bench.Baseline;
using CalendarSync.Cli.StandIns;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Emulator;
using CalendarSync.Google;
using CalendarSync.Hosting;
using CalendarSync.PostgreSql.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CalendarSync.Bench.Infrastructure;

/// <summary>
/// One benchmark's world: Azurite and the Google emulator (with the injected latency), and CalendarSync's services composed
/// by <see cref="Extensions.AddCalendarSync"/> from the sample settings, exactly as the function app composes them.
/// </summary>
internal sealed class BenchEnvironment : IAsyncDisposable
{
    /// <summary>Environment variables a worker process reads to join its parent's Azurite and emulator.</summary>
    public const string StorageVariable = "CALENDARSYNC_BENCH_STORAGE";
    public const string EmulatorVariable = "CALENDARSYNC_BENCH_EMULATOR";

    /// <summary>The appointment data's PostgreSQL connection string, for a worker of a parent started with PostgreSQL.</summary>
    public const string PostgresVariable = "CALENDARSYNC_BENCH_POSTGRES";

    /// <summary>host.json's <c>extensions.queues.maxPollingInterval</c>.</summary>
    private static readonly TimeSpan MaxPollingInterval = TimeSpan.FromSeconds(2);

    /// <summary>How long a received message stays invisible: as calsync's drain, a page's runs with their leases.</summary>
    private TimeSpan Visibility => Get<SyncProcessorOptions>().MessageVisibility;

    private readonly AzuriteProcess? _azurite;
    private readonly EmulatorHost? _emulator;
    private PostgresProcess? _postgres;
    private readonly ServiceProvider _services;
    private readonly HttpClient _admin;
    private int _nextStaff;
    private string _staffPrefix = "staff-";

    private BenchEnvironment(AzuriteProcess? azurite, EmulatorHost? emulator, string storage, Uri emulatorUri, IReadOnlyDictionary<string, string?> overrides)
    {
        _azurite = azurite;
        _emulator = emulator;
        StorageConnectionString = storage;
        EmulatorUri = emulatorUri;
        _admin = new HttpClient { BaseAddress = emulatorUri };

        var settings = ReadSampleSettings();
        settings["AzureWebJobsStorage"] = storage;
        foreach (var (key, value) in GoogleOptions.OneOriginSettings(emulatorUri))
        {
            settings[key] = value;
        }

        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(p => KeyValuePair.Create(p.Key.Replace("__", ":", StringComparison.Ordinal), p.Value)))
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddCalendarSync(configuration, new DevelopmentEnvironment());
        services.AddSingleton<BenchObserver>();
        services.AddSingleton<ISyncObserver>(sp => sp.GetRequiredService<BenchObserver>());
        services.AddSingleton<NaiveSync>();
        _services = services.BuildServiceProvider();

        var storageUris = new QueueServiceClient(storage).Uri;
        Tally = new CallTally(emulatorUri.Port, TablePortOf(storage), storageUris.Port);
        Queue = new QueueClient(storage, Get<SyncQueueNames>().Queue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
    }

    public string StorageConnectionString { get; }

    /// <summary>The appointment data's connection string when it lives in PostgreSQL; null on Table Storage.</summary>
    public string? PostgresConnectionString { get; private init; }

    public Uri EmulatorUri { get; }

    public CallTally Tally { get; }

    public QueueClient Queue { get; }

    public BenchObserver Observer => Get<BenchObserver>();

    /// <summary>
    /// Starts Azurite and the emulator (with a standing <paramref name="latency"/> on every Google round trip); with
    /// <paramref name="postgres"/>, a PostgreSQL server too, holding the appointment data (AppointmentData__Provider PostgreSql).
    /// </summary>
    public static async Task<BenchEnvironment> StartAsync(TimeSpan latency, IReadOnlyDictionary<string, string?>? overrides = null, bool postgres = false)
    {
        if (!postgres)
        {
            return await StartAsync(latency, overrides, database: null);
        }

        var server = await PostgresProcess.StartAsync(RepositoryRoot());
        var settings = new Dictionary<string, string?>(overrides ?? new Dictionary<string, string?>())
        {
            ["AppointmentData__Provider"] = "PostgreSql",

            // Trust authentication never asks for it; without one the app would sign in with an Entra ID token.
            ["AppointmentData__ConnectionString"] = PostgresConnection(server.ConnectionStringFor("postgres")),
        };
        try
        {
            var env = await StartAsync(latency, settings, server);
            await env.Get<SchemaMigrator>().MigrateAsync(CancellationToken.None);
            return env;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private static async Task<BenchEnvironment> StartAsync(TimeSpan latency, IReadOnlyDictionary<string, string?>? overrides, PostgresProcess? database)
    {
        var azurite = await AzuriteProcess.StartAsync(RepositoryRoot());
        EmulatorHost emulator;
        try
        {
            emulator = await EmulatorHost.StartAsync(o => o.Latency = latency);
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }

        return new BenchEnvironment(azurite, emulator, azurite.ConnectionString, emulator.BaseUri, overrides ?? new Dictionary<string, string?>())
        {
            _postgres = database,
            PostgresConnectionString = database is null ? null : PostgresConnection(database.ConnectionStringFor("postgres")),
        };
    }

    /// <summary>A worker process's environment: its parent's Azurite and emulator, only the services of its own.</summary>
    public static BenchEnvironment Join(string storage, Uri emulator, string? postgres = null) =>
        new(null, null, storage, emulator, AppointmentDataIn(postgres))
        {
            PostgresConnectionString = postgres,
        };

    /// <summary>The settings that put the appointment data in the PostgreSQL database <paramref name="postgres"/>; none for Table Storage.</summary>
    private static Dictionary<string, string?> AppointmentDataIn(string? postgres) => postgres is null
        ? []
        : new Dictionary<string, string?>
        {
            ["AppointmentData__Provider"] = "PostgreSql",
            ["AppointmentData__ConnectionString"] = postgres,
        };

    private static string PostgresConnection(string server) => server + ";Password=local";

    /// <summary>
    /// A shard of this environment's setup: an Azurite of its own, this environment's emulator (and PostgreSQL database),
    /// and staff ids of its own (<c>staff-{shard}-…</c>). Azurite's table store scans a whole table for every query, so
    /// thousands of first syncs into one table take time that grows with the square of their number; each shard's are
    /// made into tables of its own size, then copied here (<see cref="CopyTablesFromAsync"/>).
    /// </summary>
    public async Task<BenchEnvironment> StartShardAsync(int shard)
    {
        var azurite = await AzuriteProcess.StartAsync(RepositoryRoot());
        return new BenchEnvironment(azurite, null, azurite.ConnectionString, EmulatorUri, AppointmentDataIn(PostgresConnectionString))
        {
            PostgresConnectionString = PostgresConnectionString,
            _staffPrefix = string.Create(CultureInfo.InvariantCulture, $"staff-{shard}-"),
        };
    }

    /// <summary>
    /// Copies every row of every table of <paramref name="shard"/>'s Azurite into this environment's, as it is (its
    /// properties and their types; the storage's own ETag and timestamp are new), a partition's rows in transactions of
    /// 100. Answers how many rows it copied.
    /// </summary>
    public async Task<int> CopyTablesFromAsync(BenchEnvironment shard, int concurrency)
    {
        var from = new TableServiceClient(shard.StorageConnectionString);
        var to = new TableServiceClient(StorageConnectionString);
        var copied = 0;
        await foreach (var table in from.QueryAsync())
        {
            var source = from.GetTableClient(table.Name);
            var target = to.GetTableClient(table.Name);
            await target.CreateIfNotExistsAsync();
            await foreach (var page in source.QueryAsync<TableEntity>(maxPerPage: 1000).AsPages())
            {
                var transactions = page.Values
                    .GroupBy(row => row.PartitionKey, StringComparer.Ordinal)
                    .SelectMany(partition => partition.Chunk(100))
                    .Select(rows => rows.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Copy(row))).ToList());
                await Parallel.ForEachAsync(transactions, new ParallelOptions { MaxDegreeOfParallelism = concurrency },
                    async (actions, ct) => await target.SubmitTransactionAsync(actions, ct));
                copied += page.Values.Count;
            }
        }

        return copied;
    }

    private static TableEntity Copy(TableEntity row)
    {
        var copy = new TableEntity(row.PartitionKey, row.RowKey);
        foreach (var (name, value) in row)
        {
            if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
            {
                copy[name] = value;
            }
        }

        return copy;
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Creates staff members with a Google account each and connects them, as the OAuth callback leaves them: token stored, connection active.</summary>
    public async Task<IReadOnlyList<BenchStaff>> ConnectStaffAsync(int count, string timeZone = "Europe/Berlin", int concurrency = 16)
    {
        var staff = new ConcurrentBag<BenchStaff>();
        var tokens = Get<IRefreshTokenStore>();
        var connections = Get<IConnectionStore>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, ct) =>
        {
            var staffId = _staffPrefix + Interlocked.Increment(ref _nextStaff).ToString("D6", CultureInfo.InvariantCulture);
            using var created = await _admin.PostAsJsonAsync("emulator/users", new { email = $"{staffId}@bench.example", timeZone }, ct);
            created.EnsureSuccessStatusCode();
            var user = (await created.Content.ReadFromJsonAsync<JsonNode>(ct))!;
            var email = (string)user["email"]!;
            await tokens.SetAsync(staffId, (string)user["refreshToken"]!, ct);
            await connections.SaveAsync(new ConnectionRecord
            {
                Connection = new CalendarConnection(staffId, email),
                TimeZoneId = timeZone,
                Email = email,
                ConnectedAt = DateTimeOffset.UtcNow,
            }, ct);
            staff.Add(new BenchStaff(staffId, email, timeZone, (string)user["accessToken"]!));
        });

        return [.. staff.OrderBy(s => s.StaffId, StringComparer.Ordinal)];
    }

    /// <summary>Runs one sync of each staff member through the queue function's processor (lease, run, log, status), several at a time.</summary>
    public async Task SyncEachAsync(IEnumerable<BenchStaff> staff, SyncReason reason, int concurrency)
    {
        var processor = Get<ISyncRequestProcessor>();
        await Parallel.ForEachAsync(staff, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (s, ct) =>
            await processor.ProcessAsync(new SyncRequest(s.StaffId, reason, DateTimeOffset.UtcNow).ToJson(), ct));
        Observer.EnsureNoFailures();
    }

    /// <summary>
    /// Takes every message off the sync queue and runs it as the queue trigger would (deleted once handled), until the
    /// queue is empty; answers how many staff members' requests it handled. About <paramref name="concurrency"/> runs are
    /// in flight, as the baseline's: a sweep message runs <c>Sync__SweepMessageParallelism</c> of its staff members at
    /// once, so that many fewer messages are taken at once.
    /// </summary>
    public async Task<int> DrainQueueAsync(int concurrency, CancellationToken cancellationToken = default)
    {
        var processor = Get<ISyncRequestProcessor>();
        await Queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        concurrency = Math.Max(1, concurrency / Get<SyncProcessorOptions>().SweepMessageParallelism);
        var handled = 0;
        var batch = Math.Clamp(concurrency, 1, 32);
        using var slots = new SemaphoreSlim(concurrency);
        var running = new List<Task>();
        while (true)
        {
            var messages = (await Queue.ReceiveMessagesAsync(batch, Visibility, cancellationToken)).Value;
            if (messages.Length == 0)
            {
                await Task.WhenAll(running);
                running.Clear();
                if ((await Queue.ReceiveMessagesAsync(1, Visibility, cancellationToken)).Value is { Length: > 0 } late)
                {
                    messages = late;
                }
                else
                {
                    break;
                }
            }

            foreach (var message in messages)
            {
                await slots.WaitAsync(cancellationToken);
                running.Add(Task.Run(
                    async () =>
                    {
                        try
                        {
                            var results = await processor.ProcessAsync(message.Body.ToString(), cancellationToken);
                            await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                            Interlocked.Add(ref handled, results.Count);
                        }
                        finally
                        {
                            slots.Release();
                        }
                    },
                    cancellationToken));
            }

            running.RemoveAll(t => t.IsCompleted);
        }

        Observer.EnsureNoFailures();
        return handled;
    }

    /// <summary>
    /// The queue trigger, until cancelled: polls the queue, runs what it finds (up to <paramref name="concurrency"/> at once)
    /// and, while it finds nothing, waits twice as long each time up to host.json's <c>maxPollingInterval</c> (2 s), as the
    /// Functions queue listener does.
    /// </summary>
    public async Task RunQueueTriggerAsync(int concurrency, CancellationToken cancellationToken)
    {
        var processor = Get<ISyncRequestProcessor>();
        await Queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var idle = TimeSpan.FromMilliseconds(100);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var messages = (await Queue.ReceiveMessagesAsync(Math.Clamp(concurrency, 1, 32), Visibility, cancellationToken)).Value;
                if (messages.Length == 0)
                {
                    await Task.Delay(idle, cancellationToken);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, MaxPollingInterval.Ticks));
                    continue;
                }

                idle = TimeSpan.FromMilliseconds(100);
                await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                    async (message, ct) =>
                    {
                        await processor.ProcessAsync(message.Body.ToString(), ct);
                        await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                    });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the scenario.
        }
    }

    /// <summary>Inserts foreign events (a staff member's own, as Google shows them) through Google's batch endpoint, 1000 a request.</summary>
    public async Task InsertGoogleEventsAsync(BenchStaff staff, IEnumerable<object> events)
    {
        foreach (var chunk in events.Chunk(1000))
        {
            await GoogleBatch.SendAsync(_admin, staff.AccessToken, chunk);
        }
    }

    /// <summary>Inserts one foreign event with a plain call, as a staff member's phone would.</summary>
    public async Task InsertGoogleEventAsync(BenchStaff staff, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "calendar/v3/calendars/primary/events") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", staff.AccessToken);
        using var answer = await _admin.SendAsync(request);
        answer.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Tally.Dispose();
        _admin.Dispose();
        await _services.DisposeAsync();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        if (_postgres is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await _postgres.DisposeAsync();
        }
    }

    /// <summary>The checkout the bench runs from: the sample settings and Azurite's npm package are there.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CalendarSync.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"The bench runs from a CalendarSync checkout; no CalendarSync.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>The app's settings the .NET runtime itself reads at process start (<c>DOTNET_*</c>), from local.settings.sample.json.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> RuntimeSettings =>
        ReadSampleSettings().Where(p => p.Key.StartsWith("DOTNET_", StringComparison.Ordinal));

    private static Dictionary<string, string?> ReadSampleSettings()
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "local.settings.sample.json")))!;
        return sample["Values"]!.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
    }

    private static int TablePortOf(string connectionString)
    {
        var endpoint = connectionString.Split(';').Single(p => p.StartsWith("TableEndpoint=", StringComparison.Ordinal));
        return new Uri(endpoint["TableEndpoint=".Length..]).Port;
    }

    private sealed class DevelopmentEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;

        public string ApplicationName { get; set; } = "CalendarSync.Bench";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
