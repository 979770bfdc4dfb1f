using CalendarSync.Emulator.Admin;
using CalendarSync.Emulator.Batch;
using CalendarSync.Emulator.Calendar;
using CalendarSync.Emulator.Google;
using CalendarSync.Emulator.OAuth;
using CalendarSync.Emulator.Push;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CalendarSync.Emulator;

/// <summary>
/// The emulator, in-process: <see cref="StartAsync"/> serves it on a loopback port (tests, the demo), and
/// <see cref="Build"/> makes the web app that <c>Program.cs</c> runs with the command line's <c>--urls</c>.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmulatorHost(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    /// <summary>The origin serving every path, ending in '/': e.g. <c>http://127.0.0.1:53123/</c>.</summary>
    public Uri BaseUri { get; }

    public static WebApplication Build(string[] args, Action<EmulatorOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var builder = WebApplication.CreateBuilder(args);

        // One log line per request would cost more than the request itself under a benchmark.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var options = builder.Services.AddOptions<EmulatorOptions>().BindConfiguration(EmulatorOptions.Section);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options
            .Validate(o => o.ClientId.Length > 0 && o.ClientSecret.Length > 0, "Emulator:ClientId and Emulator:ClientSecret must not be empty.")
            .Validate(o => o.Latency >= TimeSpan.Zero && o.Latency <= TimeSpan.FromSeconds(30), "Emulator:Latency must be 0 to 30 seconds.")
            .Validate(
                o => o.AccessTokenLifetime > TimeSpan.Zero && o.AuthorizationCodeLifetime > TimeSpan.Zero && o.MaxChannelLifetime > TimeSpan.Zero,
                "Emulator lifetimes must be positive.")
            .ValidateOnStart();

        builder.Services.AddSingleton(timeProvider ?? TimeProvider.System);
        builder.Services.AddSingleton<CalendarStore>();
        builder.Services.AddSingleton<AccountStore>();
        builder.Services.AddSingleton<ChannelRegistry>();
        builder.Services.AddSingleton<FaultRegistry>();
        builder.Services.AddSingleton<CalendarApi>();
        builder.Services.AddHostedService<PushNotifier>();

        // Google accepts gzip request bodies, and Google.Apis sends them so when GZipEnabled is on.
        builder.Services.AddRequestDecompression();

        var app = builder.Build();
        app.UseRequestDecompression();
        app.UseGoogleErrorPage();
        app.UseStandingLatency();
        app.UseFaults();
        app.MapOAuth();
        app.MapCalendarApi();
        app.MapBatch();
        app.MapAdmin();
        return app;
    }

    /// <summary>Starts the emulator on 127.0.0.1 (port 0: a free one) and returns once it listens.</summary>
    public static async Task<EmulatorHost> StartAsync(
        Action<EmulatorOptions>? configure = null, TimeProvider? timeProvider = null, int port = 0, CancellationToken cancellationToken = default)
    {
        // In-process hosts (tests, the demo) keep quiet about starting and stopping.
        var app = Build(
            ["--urls", $"http://127.0.0.1:{port}", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning"], configure, timeProvider);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmulatorHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
