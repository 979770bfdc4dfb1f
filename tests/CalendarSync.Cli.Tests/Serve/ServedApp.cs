using System.Net;
using System.Net.Sockets;
using CalendarSync.Testing;

namespace CalendarSync.Cli.Tests.Serve;

/// <summary>
/// <c>calsync serve</c> running in-process on a free port against the test's Azurite and Google emulator, with a known
/// function key, until disposed; <see cref="Http"/> talks to it over real HTTP without following redirects.
/// </summary>
internal sealed class ServedApp : IAsyncDisposable
{
    public const string Key = "serve-test-key";

    private readonly CancellationTokenSource _stop = new();
    private readonly Task<CalsyncResult> _serving;

    private ServedApp(string storage, EmulatorFixture emulator, IReadOnlyDictionary<string, string>? extra)
    {
        var port = FreePort();
        Address = new Uri($"http://127.0.0.1:{port}/");
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Serve__FunctionKey"] = Key,
            ["Google__RedirectUri"] = new Uri(Address, "api/calendar/oauth/callback").AbsoluteUri,
            // The served app's own notifications function, for calsync's commands too: a staff member connected with
            // `calsync connect` gets a push channel to the served app, as one connected through its pages does.
            ["Google__NotificationUri"] = new Uri(Address, "api/calendar/notifications").AbsoluteUri,

            // A push that comes while a run of the same staff member is under way waits this long, not the sample's 30 s.
            ["Sync__DeferDelay"] = "00:00:01",

            // The safety-net sweep stays out of the way unless a test asks for it: what arrives, arrives by the fast path.
            ["SYNC_SCHEDULE"] = "0 0 0 1 1 *",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        Calsync = new Calsync(storage, emulator.BaseUri, settings);
        _serving = Task.Run(() => Calsync.RunAsync(_stop.Token, "serve", "--urls", Address.AbsoluteUri.TrimEnd('/')));
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Address };
    }

    public Uri Address { get; }

    public Calsync Calsync { get; }

    public HttpClient Http { get; }

    public static Task<ServedApp> StartAsync(AzuriteFixture azurite, EmulatorFixture emulator, IReadOnlyDictionary<string, string>? extra = null) =>
        StartAsync(azurite.ConnectionString, emulator, extra);

    /// <summary>As <see cref="StartAsync(AzuriteFixture, EmulatorFixture, IReadOnlyDictionary{string, string}?)"/>, on the storage account of <paramref name="storage"/>.</summary>
    public static async Task<ServedApp> StartAsync(string storage, EmulatorFixture emulator, IReadOnlyDictionary<string, string>? extra = null)
    {
        var app = new ServedApp(storage, emulator, extra);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            if (app._serving.IsCompleted)
            {
                var result = await app._serving;
                throw new Xunit.Sdk.XunitException($"calsync serve stopped at start ({result.ExitCode}):\n{result.Output}\n{result.Error}");
            }

            try
            {
                using var answer = await app.Http.GetAsync("api/calendar/connect", TestContext.Current.CancellationToken);
                return app;
            }
            catch (HttpRequestException) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }
    }

    /// <summary>A request with the function key in the <c>x-functions-key</c> header.</summary>
    public static HttpRequestMessage WithKey(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path)
        {
            Content = json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-functions-key", Key);
        return request;
    }

    /// <summary>Stops serving; answers what calsync wrote.</summary>
    public async Task<CalsyncResult> StopAsync()
    {
        await _stop.CancelAsync();
        return await _serving;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
        Calsync.Dispose();
        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
