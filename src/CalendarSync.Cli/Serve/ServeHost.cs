using CalendarSync.Azure.Sync;
using CalendarSync.Cli.Hosting;
using CalendarSync.Functions;
using CalendarSync.Functions.Operators;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Cli.Serve;

/// <summary>
/// The function app hosted on Kestrel, for machines without Azure Functions Core Tools: the function app's own
/// registrations (<see cref="Functions.Extensions.AddCalendarSyncServices"/>) from the same settings, every HTTP function
/// at its route behind its auth level, the timers on their schedules, the queue function on its queue.
/// </summary>
internal sealed class ServeHost : IAsyncDisposable
{
    public const string DefaultUrl = "http://127.0.0.1:7071";
    public const string NotificationPath = "/api/calendar/notifications";

    private readonly WebApplication _app;

    private ServeHost(WebApplication app, FunctionCatalog catalog, FunctionKey key, Uri address)
    {
        _app = app;
        Catalog = catalog;
        Key = key;
        Address = address;
    }

    public FunctionCatalog Catalog { get; }

    public FunctionKey Key { get; }

    /// <summary>The first address Kestrel listens on (with the port it got, when asked for port 0).</summary>
    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Cancelled when the host is asked to stop (SIGTERM, Ctrl+C: the host's console lifetime takes those signals).</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    /// <summary>
    /// The settings serve adds over <paramref name="configuration"/>: with a Google on a loopback address (the emulator)
    /// and no <c>Google__NotificationUri</c>, push notifications come to this host's own notifications function; a
    /// loopback <c>Google__RedirectUri</c> on another port moves to this host's.
    /// </summary>
    public static Dictionary<string, string?> Overrides(IConfiguration configuration, Uri address)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(configuration["Google:NotificationUri"])
            && Uri.TryCreate(configuration["Google:ApiRootUri"], UriKind.Absolute, out var google) && google.IsLoopback
            && address.Port != 0)
        {
            overrides["Google:NotificationUri"] = new Uri(address, NotificationPath).AbsoluteUri;
        }

        // The sample's callback is on the default port; served elsewhere on this machine, the callback (and the connect
        // links beside it) follow the address served.
        if (Uri.TryCreate(configuration["Google:RedirectUri"], UriKind.Absolute, out var redirect) && redirect.IsLoopback
            && address.Port != 0 && redirect.Port != address.Port)
        {
            overrides["Google:RedirectUri"] = new Uri(address, redirect.AbsolutePath).AbsoluteUri;
        }

        return overrides;
    }

    /// <summary>Builds and starts the host on <paramref name="urls"/>; <see cref="SettingsException"/> names every setting that stops it.</summary>
    public static async Task<ServeHost> StartAsync(
        IConfiguration configuration, IReadOnlyList<string> urls, Action<IServiceCollection>? services, CancellationToken cancellationToken)
    {
        var catalog = FunctionCatalog.Read();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = configuration[CliHost.EnvironmentSetting] is { Length: > 0 } name ? name : Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls([.. urls]);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var key = new FunctionKey(builder.Configuration[FunctionKey.Setting]);
        try
        {
            builder.Services.AddCalendarSyncTelemetry().AddCalendarSyncServices(builder.Configuration, builder.Environment);
        }
        catch (InvalidOperationException ex)
        {
            // The registration refuses a host that cannot keep tokens (no Key Vault outside Development).
            throw new SettingsException(ex.Message, ex);
        }

        // What the Functions ASP.NET Core integration uses to write the functions' IActionResults.
        builder.Services.AddMvcCore();
        CliHost.AddQueueDrain(builder.Services);
        builder.Services.AddSingleton(new SyncQueueNames(((QueueTriggerAttribute)catalog.Queues.Single().Trigger).QueueName));
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton(key);

        // Operator__SignIn=FunctionKey: this host knows its key, so the operator pages take it (once, then a cookie).
        builder.Services.AddSingleton(new OperatorKey(key.Value));
        builder.Services.AddSingleton<FunctionInvoker>();
        builder.Services.AddHostedService<TimerTriggers>();
        builder.Services.AddHostedService<QueueTrigger>();
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapFunctions(catalog);
        await CliHost.StartCheckedAsync(app, cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? urls[0];
        return new ServeHost(app, catalog, key, new Uri(address.Replace("://[::]", "://localhost", StringComparison.Ordinal)));
    }

    /// <summary>What serves where, for people: the functions, the key, where Google's push notifications go.</summary>
    public IEnumerable<string> Describe(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        yield return $"The function app is served at {Address} (Ctrl+C stops it).";
        foreach (var function in Catalog.Http.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var methods = string.Join(",", function.HttpTrigger.Methods ?? ["*"]).ToUpperInvariant();
            yield return $"  {methods,-7} {function.Path,-45} {function.HttpTrigger.AuthLevel}";
        }

        foreach (var timer in Catalog.Timers)
        {
            yield return $"  timer   {timer.Name,-45} {((TimerTriggerAttribute)timer.Trigger).Schedule}";
        }

        foreach (var queue in Catalog.Queues)
        {
            yield return $"  queue   {queue.Name,-45} {((QueueTriggerAttribute)queue.Trigger).QueueName}";
        }

        yield return Key.Generated
            ? $"Function key for this run (set {FunctionKey.Setting.Replace(":", "__", StringComparison.Ordinal)} to choose one): {Key.Value}"
            : $"Function key: from the setting {FunctionKey.Setting.Replace(":", "__", StringComparison.Ordinal)}.";
        yield return string.IsNullOrEmpty(configuration["Google:NotificationUri"])
            ? "Google push notifications: off (Google__NotificationUri is empty)."
            : $"Google push notifications go to {configuration["Google:NotificationUri"]}.";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
