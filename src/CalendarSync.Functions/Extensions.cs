using System.Text.Encodings.Web;
using Azure.Core;
using CalendarSync.Core.Runs;
using CalendarSync.Functions.Configuration;
using CalendarSync.Functions.Middleware;
using CalendarSync.Functions.Monitoring;
using CalendarSync.Functions.Operators;
using CalendarSync.Hosting;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.Middleware;
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
    /// <summary><c>Authorization=AAD;ClientId=…</c> in Azure: telemetry is sent with the app's identity.</summary>
    public const string TelemetryAuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>
    /// The worker middleware every invocation runs through, outermost first: the Functions host's pipeline and
    /// <c>calsync serve</c>'s are built from this one list. Each is a singleton of the app's services.
    /// </summary>
    public static IReadOnlyList<Type> Middleware { get; } = [typeof(ExceptionHandlingMiddleware)];

    public static FunctionsApplicationBuilder AddCalendarSyncFunctions(this FunctionsApplicationBuilder builder)
    {
        builder.ConfigureFunctionsWebApplication();
        foreach (var middleware in Middleware)
        {
            builder.UseMiddleware((context, next) =>
                ((IFunctionsWorkerMiddleware)context.InstanceServices.GetRequiredService(middleware)).Invoke(context, _ => next()));
        }

        // Before the app's services: Application Insights takes an existing TelemetryClient registration as a sign that
        // it was added already, and AddCalendarSyncServices registers a silent one for hosts without it.
        builder.Services
            .AddCalendarSyncTelemetry()
            .ConfigureFunctionsApplicationInsights();
        builder.Services.AddCalendarSyncServices(builder.Configuration, builder.Environment);

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
    /// The worker's Application Insights (requests the worker makes become dependency telemetry) with what we send
    /// scrubbed of OAuth query strings.
    /// </summary>
    public static IServiceCollection AddCalendarSyncTelemetry(
        this IServiceCollection services, Action<Microsoft.ApplicationInsights.WorkerService.ApplicationInsightsServiceOptions>? configure = null)
    {
        services.AddApplicationInsightsTelemetryWorkerService(options => configure?.Invoke(options));
        services.AddSingleton<ITelemetryInitializer, OAuthQueryScrubber>();
        return services;
    }

    /// <summary>
    /// The app's services and settings: the timers' schedules and the Application Insights observer of the sync runs,
    /// on <see cref="Hosting.Extensions.AddCalendarSync"/>, which the CLI and the benchmarks share.
    /// </summary>
    public static IServiceCollection AddCalendarSyncServices(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        foreach (var setting in new[] { TimerScheduleOptions.SyncSetting, TimerScheduleOptions.PurgeSetting })
        {
            services.AddOptions<TimerScheduleOptions>(setting)
                .Configure(o => o.Schedule = configuration[setting])
                .ValidateOnStart();
        }

        services.AddSingleton<IValidateOptions<TimerScheduleOptions>, TimerScheduleOptions.Validator>();
        services.AddOptions<OperatorOptions>().BindConfiguration(OperatorOptions.Section)
            .Validate(o => Enum.IsDefined(o.SignIn), "Operator__SignIn is FunctionKey, EntraId or Off.")
            .Validate(o => o.SignIn != OperatorSignInMode.EntraId || Guid.TryParse(o.AllowedGroupId, out _),
                "Operator__SignIn=EntraId needs Operator__AllowedGroupId, the object id (a GUID) of the Entra group whose members may operate.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<OperatorOptions>>().Value);
        services.AddSingleton<OperatorSignIn>();

        services.AddCalendarSync(configuration, environment);
        services.AddAppointmentDataChangeListener(configuration);

        // Application Insights takes Entra-authenticated telemetry only (local auth is off in infra/); the host reads
        // this setting by itself, the worker, which sends our metrics, needs the app's one credential given to it.
        if (configuration[TelemetryAuthenticationSetting]?.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase) == true)
        {
            services.AddOptions<TelemetryConfiguration>()
                .Configure<TokenCredential>((telemetry, credential) => telemetry.SetAzureTokenCredential(credential));
        }

        // MVC writes JSON with the relaxed encoder unless told otherwise: markup and bidirectional controls go out as
        // they are. The answers carry outsiders' text (Google blocks' summaries), so they escape all but printable ASCII.
        services.Configure<JsonOptions>(options => options.JsonSerializerOptions.Encoder = JavaScriptEncoder.Default);
        services.TryAddSingleton(_ => new TelemetryClient(new TelemetryConfiguration()));
        services.AddSingleton<SyncTelemetry>();
        services.AddSingleton<ISyncObserver>(sp => sp.GetRequiredService<SyncTelemetry>());
        services.AddSingleton<SweepGauges>();
        services.AddSingleton<RefusedNotificationLog>();
        foreach (var middleware in Middleware)
        {
            services.AddSingleton(middleware);
        }

        return services;
    }
}
