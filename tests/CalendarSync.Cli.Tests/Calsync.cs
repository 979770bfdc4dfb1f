using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using CalendarSync.Azure.Sync;
using CalendarSync.Google;
using CalendarSync.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CalendarSync.Cli.Tests;

/// <summary>
/// calsync invoked in-process with captured output, on a settings file (the checkout's sample) pointing at the test's
/// Azurite and Google emulator, with a sync queue of its own (registered over calsync's, since the queue's name is no
/// setting) so one test's messages never reach another's sweep.
/// </summary>
internal sealed class Calsync : IDisposable
{
    private readonly string _settingsFile;

    public Calsync(string storage, Uri google, IReadOnlyDictionary<string, string>? extra = null)
    {
        Storage = storage;
        Google = google;
        QueueName = "calsync-" + Guid.NewGuid().ToString("N")[..12];
        Values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AzureWebJobsStorage"] = storage,
            ["Google__Retry__MaxAttempts"] = "1",
        };
        foreach (var (key, value) in GoogleOptions.OneOriginSettings(google))
        {
            Values[key] = value;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            Values[key] = value;
        }

        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")))!;
        foreach (var (key, value) in Values)
        {
            sample[nameof(Values)]![key] = value;
        }

        _settingsFile = Path.Combine(Path.GetTempPath(), $"calsync-{Guid.NewGuid():N}.json");
        File.WriteAllText(_settingsFile, sample.ToJsonString());
    }

    public string Storage { get; }

    public Uri Google { get; }

    public string QueueName { get; }

    /// <summary>The settings this instance overrides in the sample, as the environment variables a process would get.</summary>
    public Dictionary<string, string> Values { get; }

    public QueueClient Queue => new(Storage, QueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public QueueClient Poison => new(Storage, QueueName + "-poison", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public TableClient Table(string name) => new(Storage, name);

    public static Calsync On(AzuriteFixture azurite, EmulatorFixture emulator, IReadOnlyDictionary<string, string>? extra = null) =>
        new(azurite.ConnectionString, emulator.BaseUri, extra);

    public Task<CalsyncResult> RunAsync(params string[] args) => RunAsync(TestContext.Current.CancellationToken, args);

    /// <summary>As <see cref="RunAsync(string[])"/>, until <paramref name="cancellationToken"/> (a command that runs until stopped: serve).</summary>
    public async Task<CalsyncResult> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await CalsyncCommand.Create(services => services.AddSingleton(new SyncQueueNames(QueueName)))
            .Parse([.. args, "--settings", _settingsFile])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Synchronized(output), Error = TextWriter.Synchronized(error) }, cancellationToken);
        return new CalsyncResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The services calsync runs on, with this instance's settings, for what a test compares with calsync's output.</summary>
    public Task<Microsoft.Extensions.Hosting.IHost> StartHostAsync() =>
        Hosting.CliHost.StartAsync(
            Hosting.CliHost.ReadConfiguration(_settingsFile), services => services.AddSingleton(new SyncQueueNames(QueueName)), TestContext.Current.CancellationToken);

    /// <summary>
    /// <c>calsync sync</c> for a staff member, tried again while a run that a served app's queue started holds their lease
    /// (the connect's sync, say): the answer of the run that got to run.
    /// </summary>
    public async Task<CalsyncResult> SyncWhenFreeAsync(string staffId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var result = await RunAsync("sync", staffId);
            if (result.ExitCode == 0 || !result.Output.Contains("a sync for this staff member is running", StringComparison.Ordinal) || DateTimeOffset.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Adds and connects a fresh staff member through calsync (the emulator completes the consent).</summary>
    public async Task<string> ConnectNewStaffAsync(string timeZone = "Europe/Berlin")
    {
        var staffId = "t-" + Guid.NewGuid().ToString("N")[..10];
        (await RunAsync("staff", "add", staffId, "--name", "Test Staff", "--email", $"{staffId}@example.com", "--time-zone", timeZone)).AssertSucceeded();
        (await RunAsync("connect", staffId)).AssertSucceeded();
        return staffId;
    }

    /// <summary>Every event ever stored in the staff member's calendar, cancelled ones included.</summary>
    public async Task<IReadOnlyList<JsonElement>> GoogleEventsAsync(string staffId)
    {
        using var http = new HttpClient { BaseAddress = Google };
        var all = await http.GetFromJsonAsync<JsonElement>($"emulator/calendars/{staffId}@example.com/events", TestContext.Current.CancellationToken);
        return [.. all.GetProperty("items").EnumerateArray()];
    }

    /// <summary>Adds an event to the staff member's calendar as they would in Google; answers its id.</summary>
    public async Task<string> AddGoogleEventAsync(string staffId, object body)
    {
        var user = await EmulatorFixture.CreateUserAsync(Google, $"{staffId}@example.com", cancellationToken: TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = Google };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", user.AccessToken);
        using var response = await http.PostAsJsonAsync($"calendar/v3/calendars/{staffId}@example.com/events", body, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;
    }

    public void Dispose() => File.Delete(_settingsFile);
}
