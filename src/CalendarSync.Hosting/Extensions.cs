using Azure.Core;
using CalendarSync.Azure;
using CalendarSync.Azure.Secrets;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Data;
using CalendarSync.Core.History;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using CalendarSync.Google;
using CalendarSync.Google.Auth;
using CalendarSync.Google.Sync;
using CalendarSync.Hosting.Configuration;
using CalendarSync.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CalendarSync.Hosting;

/// <summary>
/// CalendarSync's services, composed once for every host: the function app, <c>calsync</c> and the benchmarks run the
/// same Core services on the same adapters from the same settings (the names of <c>local.settings.sample.json</c>).
/// </summary>
public static class Extensions
{
    /// <summary>
    /// Registers Core's services on the Google and Azure adapters. Every setting is checked when the host starts, so a
    /// bad one stops it with a message naming the setting instead of failing the first sync at 3 a.m. The host adds
    /// its own <see cref="ISyncObserver"/>: where runs are reported is the host's business.
    /// </summary>
    public static IServiceCollection AddCalendarSync(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSingleton(TimeProvider.System);

        // Settings: each options class bound to its section and validated at start, its value a singleton that services
        // take through their constructors. The Azure adapter binds its own (storage, retention, Key Vault) the same way.
        services.AddOptions<GoogleOptions>().BindConfiguration(GoogleOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GoogleOptions>>(new GoogleOptionsValidator(environment));
        services.AddOptions<OAuthStateOptions>().BindConfiguration(OAuthStateOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Keys.Count > 0 && o.Keys.All(k => k.Length >= 32),
                "OAuthState__SigningKeys needs at least one key, each of 32 characters or more, separated by ';'.")
            .ValidateOnStart();
        services.AddOptions<StaffSyncOptions>()
            .Configure<IConfiguration>((_, settings) => EnumSetting.Require<InvitationsBlock>(settings, "Sync__InvitationsBlock"))
            .BindConfiguration("Sync")
            .ValidateDataAnnotations()
            .Validate(o => o.UsageLimitPause > TimeSpan.Zero, "Sync__UsageLimitPause must be positive.")
            .Validate(o => o.RunTimeBudget > TimeSpan.Zero && o.RunTimeBudget < TimeSpan.FromMinutes(9),
                "Sync__RunTimeBudget must be positive and below the function timeout (10 minutes in host.json).")
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.BusinessTimeZone, out _),
                "Sync__BusinessTimeZone must be an IANA time zone such as Europe/Berlin.")
            .ValidateOnStart();
        services.AddOptions<EventOptions>()
            .Configure<IConfiguration>((_, settings) =>
            {
                EnumSetting.Require<EventVisibility>(settings, "Events__Visibility");
                foreach (var kind in Enum.GetNames<ItemKind>())
                {
                    EnumSetting.Require<EventReminderSetting>(settings, $"Events__{kind}__Reminders");
                }
            })
            .BindConfiguration(EventOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EventOptions>, EventOptionsValidator>();
        services.AddOptions<SyncProcessorOptions>().BindConfiguration("Sync")
            .ValidateDataAnnotations()
            .Validate<IOptions<StaffSyncOptions>>(
                (o, sync) => o.LeaseDuration > sync.Value.RunTimeBudget,
                "Sync__LeaseDuration must be longer than Sync__RunTimeBudget, so a live run keeps its lease.")
            .ValidateOnStart();
        services.AddOptions<PushChannelOptions>().BindConfiguration("Push").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<GoogleOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StaffSyncOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EventOptions>>().Value);
        services.AddSingleton(sp => new EventRendering(sp.GetRequiredService<EventOptions>()));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SyncProcessorOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PushChannelOptions>>().Value);

        // Core takes plain values, not the Hosting options they come from.
        services.AddSingleton(sp => new OAuthStateSigner(sp.GetRequiredService<IOptions<OAuthStateOptions>>().Value.Keys));
        services.AddSingleton(sp => ConnectLinks(sp.GetRequiredService<GoogleOptions>(), sp.GetRequiredService<IOptions<OAuthStateOptions>>().Value));

        services.AddRefreshTokenStore(configuration, environment);
        services.AddCalendarSyncAzureStorage(configuration);
        services.AddAppointmentData(configuration);
        services.AddSingleton<GoogleOAuthClient>();
        services.AddSingleton<CalendarServiceFactory>();
        services.AddSingleton<ICalendarProvider, GoogleCalendarProvider>();
        services.AddSingleton<ICalendarDirectory, GoogleCalendarDirectory>();
        services.AddSingleton<ICalendarAuthorization, GoogleCalendarAuthorization>();
        services.AddSingleton<IPushChannels, GooglePushChannels>();

        services.AddSingleton<StaffSync>();
        services.AddSingleton<ISyncRequestProcessor, SyncRequestProcessor>();
        services.AddSingleton<SyncStateReset>();
        services.AddSingleton<SyncPlanner>();
        services.AddSingleton<SyncScheduler>();
        services.AddSingleton<SyncSweep>();
        services.AddSingleton<ConnectionService>();
        services.AddSingleton<ConnectionControl>();
        services.AddSingleton<CalendarChoice>();
        services.AddSingleton<AvailabilityCheck>();
        services.AddSingleton<ConflictReport>();
        services.AddSingleton<ConflictWatch>();
        services.AddSingleton<AppointmentDataService>();
        services.AddSingleton<HistoryPurge>();

        // Our events' history is kept with their statuses, Google-origin blocks' with the blocks, in whichever store holds them.
        services.AddSingleton<IReadOnlyList<IItemHistorySource>>(provider =>
            [.. new object[] { provider.GetRequiredService<ISyncStateStore>(), provider.GetRequiredService<IAppointmentData>() }.OfType<IItemHistorySource>()]);
        services.AddSingleton<ItemHistory>();
        services.AddSingleton<PushChannelService>();
        services.AddSingleton<PushNotificationService>();
        services.AddSingleton<DisconnectService>();
        return services;
    }

    /// <summary>
    /// The appointment data's store: Table Storage (registered with the other stores) unless <c>AppointmentData__Provider</c>
    /// is PostgreSql, whose connection string is checked now and whose schema is checked when the host starts.
    /// </summary>
    private static void AddAppointmentData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AppointmentDataOptions>()
            .Configure<IConfiguration>((_, settings) => EnumSetting.Require<AppointmentDataProvider>(settings, "AppointmentData__Provider"))
            .BindConfiguration(AppointmentDataOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AppointmentDataOptions>, AppointmentDataOptionsValidator>();
        var provider = configuration[$"{AppointmentDataOptions.Section}:{nameof(AppointmentDataOptions.Provider)}"]?.Trim();
        if (!string.Equals(provider, nameof(AppointmentDataProvider.PostgreSql), StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        services.AddPostgreSqlAppointmentData(
            provider =>
            {
                var settings = provider.GetRequiredService<IOptions<AppointmentDataOptions>>().Value;

                // Used only without a password in the connection string: the app's one credential (its managed identity in Azure).
                var credential = provider.GetRequiredService<TokenCredential>();
                return PostgresDataSources.Create(settings.ConnectionString!, async cancellationToken =>
                    (await credential.GetTokenAsync(new TokenRequestContext([PostgresEntraScope]), cancellationToken)).Token);
            },
            provider => provider.GetRequiredService<IOptions<AppointmentDataOptions>>().Value.MigrateOnStart);
    }

    /// <summary>
    /// With the PostgreSql provider, queues a staff member's sync within seconds of a change the business commits (a
    /// closure: everyone's), as the host's background work; the sweep stays the safety net. Nothing with Table Storage,
    /// whose writes come through the data API, which queues them itself.
    /// </summary>
    public static IServiceCollection AddAppointmentDataChangeListener(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration[$"{AppointmentDataOptions.Section}:{nameof(AppointmentDataOptions.Provider)}"]?.Trim();
        if (!string.Equals(provider, nameof(AppointmentDataProvider.PostgreSql), StringComparison.OrdinalIgnoreCase))
        {
            return services;
        }

        return services.AddPostgreSqlChangeListener(sp =>
        {
            var scheduler = sp.GetRequiredService<SyncScheduler>();
            return async (staffIds, cancellationToken) =>
            {
                if (staffIds.Contains(string.Empty))
                {
                    await scheduler.QueueAllAsync(SyncReason.Manual, cancellationToken);
                    return;
                }

                foreach (var staffId in staffIds.Where(ItemId.IsValid))
                {
                    await scheduler.QueueAsync(staffId, SyncReason.Manual, cancellationToken);
                }
            };
        });
    }

    /// <summary>The scope of Entra ID tokens for Azure Database for PostgreSQL.</summary>
    private const string PostgresEntraScope = "https://ossrdbms-aad.database.windows.net/.default";

    // Connect links point at the callback's sibling route, calendar/connect, on the same public address.
    private static ConnectLinkOptions ConnectLinks(GoogleOptions google, OAuthStateOptions state) =>
        new(new Uri(google.RedirectUri!, "../connect"), state.LinkLifetime, state.Lifetime);
}
