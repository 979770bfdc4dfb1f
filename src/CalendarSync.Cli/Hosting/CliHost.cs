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
    /// Reads the settings file (default: the checkout's sample) overlaid by environment variables, and those by
    /// <paramref name="overrides"/> (the demo's stand-ins on the ports they got).
    /// </summary>
    public static IConfigurationRoot ReadConfiguration(string? settingsFile, IReadOnlyDictionary<string, string?>? overrides = null) =>
        new ConfigurationBuilder()
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
        builder.Services.AddOptions<QueueHostOptions>().BindConfiguration(QueueHostOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<QueueHostOptions>>().Value);
        builder.Services.AddSingleton<QueueDrain>();
        builder.Services.AddSingleton<StaffDirectory>();
        builder.Services.AddSingleton<GoogleEmulator>();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ValidationFailures(ex) is { Count: > 0 } failures)
        {
            host.Dispose();
            throw new SettingsException("Invalid settings:" + Environment.NewLine + string.Join(Environment.NewLine, failures.Select(f => "  " + f)), ex);
        }

        return host;
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
