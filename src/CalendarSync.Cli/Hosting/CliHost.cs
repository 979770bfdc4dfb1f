using CalendarSync.Cli.Staff;
using CalendarSync.Cli.Sweep;
using CalendarSync.Core.Runs;
using CalendarSync.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CalendarSync.Cli.Hosting;

/// <summary>
/// The services calsync runs on: the function app's composition (<see cref="Extensions.AddCalendarSync"/>) from the
/// same settings, with calsync's own <see cref="ISyncObserver"/> and the queue drain. Started means every setting was checked.
/// </summary>
internal static class CliHost
{
    /// <summary>Selects Development (the local stand-ins, no Key Vault) or another environment, as in the function app.</summary>
    public const string EnvironmentSetting = "AZURE_FUNCTIONS_ENVIRONMENT";

    /// <summary>
    /// Reads host.json's queue settings and log levels, the settings file (default: the checkout's sample) over them, environment
    /// variables over that, and <paramref name="overrides"/> (the demo's stand-ins on the ports they got) over all.
    /// </summary>
    public static IConfigurationRoot ReadConfiguration(string? settingsFile, IReadOnlyDictionary<string, string?>? overrides = null) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(HostJson.Settings(HostJson.DefaultPath()))
            .AddInMemoryCollection(SettingsFile.Read(settingsFile ?? SettingsFile.DefaultPath()))
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>())
            .Build();

    /// <summary>
    /// Builds and starts the host, with <paramref name="services"/> registered last; <see cref="SettingsException"/> names
    /// every setting that stops it.
    /// </summary>
    public static async Task<IHost> StartAsync(IConfiguration configuration, Action<IServiceCollection>? services, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = configuration[EnvironmentSetting] is { Length: > 0 } name ? name : Environments.Production,
        });
        builder.Configuration.AddConfiguration(configuration);
        try
        {
            builder.Services.AddCalendarSync(builder.Configuration, builder.Environment);
        }
        catch (InvalidOperationException ex)
        {
            // The registration refuses a host that cannot keep tokens (no Key Vault outside Development).
            throw new SettingsException(ex.Message, ex);
        }

        builder.Services.AddSingleton<RunReporter>();
        builder.Services.AddSingleton<ISyncObserver>(sp => sp.GetRequiredService<RunReporter>());
        AddQueueDrain(builder.Services);
        builder.Services.AddSingleton<StaffDirectory>();
        builder.Services.AddSingleton<GoogleEmulator>();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await StartCheckedAsync(host, cancellationToken);
        return host;
    }

    /// <summary>The queue drain, with the queue trigger's settings from host.json (<see cref="HostJson"/>) and their overrides.</summary>
    public static IServiceCollection AddQueueDrain(IServiceCollection services)
    {
        services.AddOptions<QueueHostOptions>().BindConfiguration(QueueHostOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<QueueHostOptions>>().Value);
        services.AddSingleton<QueueDrain>();
        return services;
    }

    /// <summary>Starts <paramref name="host"/>; a setting that stops it is a <see cref="SettingsException"/> naming every one.</summary>
    public static async Task StartCheckedAsync(IHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ValidationFailures(ex) is { Count: > 0 } failures)
        {
            host.Dispose();
            throw new SettingsException("Invalid settings:" + Environment.NewLine + string.Join(Environment.NewLine, failures.Select(f => "  " + f)), ex);
        }
    }

    // The host throws one OptionsValidationException, or an AggregateException of them when several options fail.
    private static List<string> ValidationFailures(Exception ex) => ex switch
    {
        OptionsValidationException validation => [.. validation.Failures],
        AggregateException aggregate when aggregate.InnerExceptions.All(e => e is OptionsValidationException) =>
            [.. aggregate.InnerExceptions.SelectMany(e => ((OptionsValidationException)e).Failures)],
        _ => [],
    };
}
