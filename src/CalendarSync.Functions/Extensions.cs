using Azure.Identity;
using CalendarSync.Azure;
using CalendarSync.Azure.Secrets;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Sync;
using CalendarSync.Functions.Configuration;
using CalendarSync.Core.Data;
using CalendarSync.Functions.Middleware;
using CalendarSync.Functions.Monitoring;
using CalendarSync.Google;
using CalendarSync.Google.Auth;
using CalendarSync.Google.Sync;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CalendarSync.Functions;

/// <summary>Everything the function app registers, in one place.</summary>
public static class Extensions
{
    public static FunctionsApplicationBuilder AddCalendarSyncFunctions(this FunctionsApplicationBuilder builder)
    {
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<ExceptionHandlingMiddleware>();
        builder.Services.AddCalendarSyncServices(builder.Configuration, builder.Environment);

        builder.Services
            .AddApplicationInsightsTelemetryWorkerService()
            .ConfigureFunctionsApplicationInsights();

        // Application Insights takes Entra-authenticated telemetry only (local auth is off in infra/); the host reads
        // this setting by itself, the worker, which sends our metrics, needs the identity's credential given to it.
        if (builder.Configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]?.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase) == true)
        {
            var clientId = builder.Configuration["AZURE_CLIENT_ID"];
            builder.Services.Configure<TelemetryConfiguration>(configuration => configuration.SetAzureTokenCredential(
                string.IsNullOrEmpty(clientId) ? new DefaultAzureCredential() : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))));
        }

        // The Application Insights provider keeps only warnings by default; the sync's
        // information-level run summaries belong in the portal too.
        builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
        {
            var defaultRule = options.Rules.FirstOrDefault(rule =>
                rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
            if (defaultRule is not null)
            {
                options.Rules.Remove(defaultRule);
            }
        });

        return builder;
    }

    /// <summary>
    /// The app's services and settings. Every setting is checked when the host starts, so a bad one stops the app
    /// with a message naming it instead of failing the first sync at 3 a.m.
    /// </summary>
    public static IServiceCollection AddCalendarSyncServices(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSingleton(TimeProvider.System);

        services.AddOptions<SyncScheduleOptions>()
            .Configure(o => o.Schedule = configuration[SyncScheduleOptions.Setting])
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SyncScheduleOptions>, SyncScheduleOptions.Validator>();

        services.AddOptions<GoogleOptions>().BindConfiguration(GoogleOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GoogleOptions>>(new GoogleOptionsValidator(environment));

        services.AddOptions<OAuthStateOptions>().BindConfiguration(OAuthStateOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Keys.Count > 0 && o.Keys.All(k => k.Length >= 32),
                "OAuthState__SigningKeys needs at least one key, each of 32 characters or more, separated by ';'.")
            .ValidateOnStart();

        services.AddOptions<StaffSyncOptions>().BindConfiguration("Sync")
            .ValidateDataAnnotations()
            .Validate(o => o.RunTimeBudget > TimeSpan.Zero && o.RunTimeBudget < TimeSpan.FromMinutes(9),
                "Sync__RunTimeBudget must be positive and below the function timeout (10 minutes in host.json).")
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.BusinessTimeZone, out _),
                "Sync__BusinessTimeZone must be an IANA time zone such as Europe/Berlin.")
            .ValidateOnStart();

        services.AddSingleton(sp => new OAuthStateSigner(sp.GetRequiredService<IOptions<OAuthStateOptions>>().Value.Keys));
        services.AddRefreshTokenStore(configuration, environment);
        services.AddSingleton(sp => new GoogleOAuthClient(
            sp.GetRequiredService<IOptions<GoogleOptions>>().Value,
            sp.GetRequiredService<IRefreshTokenStore>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new CalendarServiceFactory(
            sp.GetRequiredService<IOptions<GoogleOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICalendarProvider>(sp => new GoogleCalendarProvider(
            sp.GetRequiredService<GoogleOAuthClient>(),
            sp.GetRequiredService<CalendarServiceFactory>(),
            sp.GetRequiredService<IOptions<GoogleOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICalendarAuthorization, GoogleCalendarAuthorization>();

        services.AddCalendarSyncAzureStorage(configuration);
        services.AddOptions<SyncProcessorOptions>().BindConfiguration("Sync")
            .ValidateDataAnnotations()
            .Validate<IOptions<StaffSyncOptions>>(
                (o, sync) => o.LeaseDuration > sync.Value.RunTimeBudget,
                "Sync__LeaseDuration must be longer than Sync__RunTimeBudget, so a live run keeps its lease.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SyncProcessorOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StaffSyncOptions>>().Value);
        services.AddSingleton(sp => new StaffSync(
            sp.GetRequiredService<IAppointmentData>(), sp.GetRequiredService<ISyncStateStore>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<StaffSyncOptions>()));
        services.TryAddSingleton(_ => new TelemetryClient(new TelemetryConfiguration()));
        services.AddSingleton<SyncTelemetry>();
        services.AddSingleton<ISyncObserver>(sp => sp.GetRequiredService<SyncTelemetry>());
        services.AddSingleton<SweepGauges>();
        services.AddSingleton<ISyncRequestProcessor, SyncRequestProcessor>();
        services.AddSingleton<SyncScheduler>();
        services.AddSingleton<ISyncScheduler>(sp => sp.GetRequiredService<SyncScheduler>());
        services.AddSingleton(sp => new ConnectionService(
            sp.GetRequiredService<IConnectionStore>(),
            sp.GetRequiredService<IPendingAuthorizationStore>(),
            sp.GetRequiredService<OAuthStateSigner>(),
            sp.GetRequiredService<ICalendarAuthorization>(),
            sp.GetRequiredService<ISyncQueue>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<OAuthStateOptions>>().Value.Lifetime));
        services.AddSingleton<AppointmentDataService>();

        services.AddOptions<PushChannelOptions>().BindConfiguration("Push").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PushChannelOptions>>().Value);
        services.AddSingleton<IPushChannels>(sp => new GooglePushChannels(
            sp.GetRequiredService<GoogleOAuthClient>(),
            sp.GetRequiredService<CalendarServiceFactory>(),
            sp.GetRequiredService<IOptions<GoogleOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<PushChannelService>();
        services.AddSingleton<PushNotificationService>();
        services.AddSingleton<DisconnectService>();
        return services;
    }
}
