using System.Text.Json.Nodes;
using CalendarSync.Core.Sync;
using CalendarSync.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CalendarSync.Functions.Tests.Configuration;

/// <summary>A bad setting stops the app at start with a message naming it; the sample settings start.</summary>
public sealed class SettingsValidationTests
{
    [Fact]
    public void Start_SampleSettingsInDevelopment_AreValid()
    {
        var failure = StartupFailure(Sample(), Environments.Development);

        Assert.Null(failure);
    }

    [Theory]
    [InlineData("Google__ClientId", "", "Google__ClientId")]
    [InlineData("Google__ClientSecret", " ", "Google__ClientSecret")]
    [InlineData("SYNC_SCHEDULE", "every five minutes", "SYNC_SCHEDULE")]
    [InlineData("SYNC_SCHEDULE", "*/5 * * * *", "SYNC_SCHEDULE")]
    [InlineData("PURGE_SCHEDULE", "daily", "PURGE_SCHEDULE")]
    [InlineData("PURGE_SCHEDULE", "", "PURGE_SCHEDULE")]
    [InlineData("OAuthState__SigningKeys", "short", "OAuthState__SigningKeys")]
    [InlineData("OAuthState__Lifetime", "02:00:00", "OAuthState__Lifetime")]
    [InlineData("Google__NotificationUri", "http://example.com/api/calendar/notifications", "Google__NotificationUri")]
    [InlineData("Sync__BusinessTimeZone", "Mars/Olympus", "Sync__BusinessTimeZone")]
    [InlineData("Sync__InvitationsBlock", "Sometimes", "Sync__InvitationsBlock")]
    [InlineData("Sync__InvitationsBlock", "1", "Sync__InvitationsBlock")]
    [InlineData("Sync__InvitationsBlock", "", "Sync__InvitationsBlock")]
    [InlineData("Sync__RunTimeBudget", "00:20:00", "Sync__RunTimeBudget")]
    [InlineData("Sync__UsageLimitPause", "-01:00:00", "Sync__UsageLimitPause")]
    [InlineData("Google__Retry__MaxAttempts", "0", "Google__Retry__MaxAttempts")]
    [InlineData("Sync__LeaseDuration", "00:03:00", "Sync__LeaseDuration")]
    [InlineData("Sync__SweepMessageSize", "0", "Sync__SweepMessageSize must be 1 to 64")]
    [InlineData("Sync__SweepMessageSize", "65", "Sync__SweepMessageSize must be 1 to 64")]
    [InlineData("Sync__SweepMessageParallelism", "0", "Sync__SweepMessageParallelism must be 1 to 16")]
    [InlineData("Sync__SweepMessageStartWindow", "00:10:00", "Sync__SweepMessageStartWindow must be 00:00:01 to 00:05:00")]
    [InlineData("AzureWebJobsStorage", "", "AzureWebJobsStorage")]
    [InlineData("Events__Appointment__Summary", "Appointment: {customer}", "Events__Appointment__Summary has the unknown placeholder {customer}")]
    [InlineData("Events__Block__Description", "{summary", "Events__Block__Description")]
    [InlineData("Events__Exception__Summary", "{customerName}", "Events__Exception__Summary")]
    [InlineData("Events__Closure__ColorId", "12", "Events__Closure__ColorId")]
    [InlineData("Events__Visibility", "Public", "Events__Visibility")]
    [InlineData("Events__Appointment__Reminders", "Popup", "Events__Appointment__Reminders")]
    [InlineData("Events__RerenderPerRun", "0", "RerenderPerRun")]
    [InlineData("AppointmentData__Provider", "Oracle", "AppointmentData__Provider must be TableStorage or PostgreSql")]
    public void Start_BadSetting_FailsNamingIt(string setting, string value, string named)
    {
        var settings = Sample();
        settings[setting] = value;

        var failure = StartupFailure(settings, Environments.Development);

        Assert.NotNull(failure);
        Assert.Contains(named, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Accepted", InvitationsBlock.Accepted)]
    [InlineData("accepted", InvitationsBlock.Accepted)]
    [InlineData("Any", InvitationsBlock.Any)]
    public void Start_InvitationsBlock_ReachesTheSyncEngine(string value, InvitationsBlock expected)
    {
        var settings = Sample();
        settings["Sync__InvitationsBlock"] = value;

        using var provider = Provider(settings, Environments.Development);

        Assert.Equal(expected, provider.GetRequiredService<StaffSyncOptions>().InvitationsBlock);
    }

    [Fact]
    public void Start_SweepMessageSettings_ReachTheSchedulerAndProcessor()
    {
        var settings = Sample();
        settings["Sync__SweepMessageSize"] = "32";
        settings["Sync__SweepMessageParallelism"] = "8";
        settings["Sync__SweepMessageStartWindow"] = "00:00:20";

        using var provider = Provider(settings, Environments.Development);

        var options = provider.GetRequiredService<Core.Runs.SyncProcessorOptions>();
        Assert.Equal((32, 8, TimeSpan.FromSeconds(20)), (options.SweepMessageSize, options.SweepMessageParallelism, options.SweepMessageStartWindow));
        Assert.Equal(TimeSpan.FromSeconds(20) + options.LeaseDuration, options.MessageVisibility);
    }

    [Fact]
    public void Start_AppointmentTemplateWithNames_ReachesTheRendering()
    {
        var settings = Sample();
        settings["Events__Appointment__Summary"] = "{customerName}";
        settings["Events__Visibility"] = "default";

        using var provider = Provider(settings, Environments.Development);
        using var sample = Provider(Sample(), Environments.Development);

        var options = new EventOptions { Visibility = Core.Calendar.EventVisibility.Default };
        options.Appointment.Summary = "{customerName}";
        Assert.Equal(new EventRendering(options).Fingerprint, provider.GetRequiredService<EventRendering>().Fingerprint);
        Assert.Equal(EventRendering.Default.Fingerprint, sample.GetRequiredService<EventRendering>().Fingerprint);
    }

    [Fact]
    public void Start_PlainHttpLoopbackNotificationUri_IsValidInDevelopmentOnly()
    {
        var settings = Sample();
        settings["Google__NotificationUri"] = "http://127.0.0.1:7071/api/calendar/notifications";

        Assert.Null(StartupFailure(settings, Environments.Development));
        Assert.Contains("Google__NotificationUri", StartupFailure(Production(settings), Environments.Production), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_PlainHttpRedirectOutsideDevelopment_FailsNamingIt()
    {
        var settings = Production(Sample());

        var failure = StartupFailure(settings, Environments.Production);

        Assert.NotNull(failure);
        Assert.Contains("Google__RedirectUri must use https", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_HttpsEverywhereInProduction_IsValid()
    {
        var settings = Production(Sample());
        foreach (var key in settings.Keys.Where(k => k.StartsWith("Google__", StringComparison.Ordinal)).ToList())
        {
            if (settings[key] is { } value && value.StartsWith("http://", StringComparison.Ordinal))
            {
                settings[key] = "https://www.googleapis.com/";
            }
        }

        settings["Google__RedirectUri"] = "https://calsync.example.net/api/calendar/oauth/callback";
        Assert.Null(StartupFailure(settings, Environments.Production));
    }

    [Fact]
    public void Start_RedirectUriNotTheCallbackRoute_FailsNamingTheSetting()
    {
        var settings = Sample();
        settings["Google__RedirectUri"] = "http://localhost:7071/api/somewhere-else";

        var failure = StartupFailure(settings, Environments.Development);

        Assert.NotNull(failure);
        Assert.Contains("Google__RedirectUri must be this app's callback", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "AppointmentData__ConnectionString is required")]
    [InlineData("Host=db;Password=secret-not-to-echo;Nonsense=1", "is not a PostgreSQL connection string")]
    [InlineData("Password=secret-not-to-echo", "must name a Host and a Database")]
    public void Start_PostgreSqlWithoutAUsableConnectionString_FailsNamingItWithoutEchoingIt(string connectionString, string named)
    {
        var settings = Sample();
        settings["AppointmentData__Provider"] = "PostgreSql";
        settings["AppointmentData__ConnectionString"] = connectionString;

        var failure = StartupFailure(settings, Environments.Development);

        Assert.NotNull(failure);
        Assert.Contains(named, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-not-to-echo", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_PostgreSql_TheSyncAndTheDataApiUseTheDatabase()
    {
        var settings = Sample();
        settings["AppointmentData__Provider"] = "postgresql";
        settings["AppointmentData__ConnectionString"] = "Host=127.0.0.1;Port=1;Database=bookings;Username=calendarsync";

        using var provider = Provider(settings, Environments.Development);

        Assert.Null(StartupFailure(settings, Environments.Development));
        Assert.IsType<CalendarSync.PostgreSql.Data.PostgresAppointmentData>(provider.GetRequiredService<CalendarSync.Core.Data.IAppointmentData>());
        Assert.Same(provider.GetRequiredService<CalendarSync.Core.Data.IAppointmentData>(), provider.GetRequiredService<CalendarSync.Core.Data.IAppointmentStore>());
    }

    private static Dictionary<string, string?> Production(Dictionary<string, string?> settings)
    {
        settings["KeyVault__VaultUri"] = "https://calsync-test.vault.azure.net/";
        settings["AZURE_FUNCTIONS_ENVIRONMENT"] = Environments.Production;
        return settings;
    }

    private static Dictionary<string, string?> Sample() => TestSettings.Sample();

    /// <summary>What the host's start-up validation says, or null when every setting passes.</summary>
    private static string? StartupFailure(Dictionary<string, string?> settings, string environmentName)
    {
        ServiceProvider provider;
        try
        {
            provider = Provider(settings, environmentName);
        }
        catch (InvalidOperationException ex)
        {
            // Some settings (the token store's) are checked while registering, before the host exists.
            return ex.Message;
        }

        using (provider)
        {
            try
            {
                provider.GetRequiredService<IStartupValidator>().Validate();
                return null;
            }
            catch (OptionsValidationException ex)
            {
                return ex.Message;
            }
            catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
            {
                return string.Join(" | ", ex.InnerExceptions.Select(e => e.Message));
            }
        }
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings, string environmentName)
    {
        // Environment variables spell sections with "__"; configuration reads them as ':'.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(p => KeyValuePair.Create(p.Key.Replace("__", ":", StringComparison.Ordinal), p.Value)))
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddCalendarSyncServices(configuration, new TestEnvironment(environmentName));
        return services.BuildServiceProvider();
    }

    private sealed class TestEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "CalendarSync.Functions";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
