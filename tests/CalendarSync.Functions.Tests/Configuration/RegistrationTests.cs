using System.Reflection;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Queues;
using CalendarSync.Testing;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CalendarSync.Functions.Tests.Configuration;

/// <summary>The host builds each function class from the container per invocation; every one must be buildable.</summary>
public sealed class RegistrationTests
{
    public static TheoryData<Type> FunctionClasses => new(typeof(Extensions).Assembly.GetTypes()
        .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
        .OrderBy(t => t.Name));

    [Theory]
    [MemberData(nameof(FunctionClasses))]
    public void FunctionClass_WithSampleSettings_IsActivated(Type functionClass)
    {
        using var provider = Build();

        var instance = ActivatorUtilities.CreateInstance(provider, functionClass);

        Assert.NotNull(instance);
    }

    [Fact]
    public async Task Services_IdentityBasedStorageAndKeyVault_OneCredentialForEveryClient()
    {
        var credential = new RefusingCredential();
        using var provider = Build(
            new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = null,
                ["AzureWebJobsStorage__tableServiceUri"] = "https://st.table.core.windows.net",
                ["AzureWebJobsStorage__queueServiceUri"] = "https://st.queue.core.windows.net",
                ["KeyVault__VaultUri"] = "https://kv-test.vault.azure.net/",
                ["AZURE_CLIENT_ID"] = "00000000-0000-0000-0000-000000000001",
                ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "Authorization=AAD;ClientId=00000000-0000-0000-0000-000000000001",
            },
            services => services.AddSingleton<TokenCredential>(credential));
        var cancel = TestContext.Current.CancellationToken;

        // The credential is asked for a token before anything is sent, so nothing leaves the machine.
        await Assert.ThrowsAsync<RefusingCredential.RefusedException>(() =>
            provider.GetRequiredService<TableServiceClient>().GetTableClient("Connections").GetEntityIfExistsAsync<TableEntity>("a", "b", cancellationToken: cancel));
        await Assert.ThrowsAsync<RefusingCredential.RefusedException>(() =>
            provider.GetRequiredService<QueueServiceClient>().GetQueueClient("calendar-sync").GetPropertiesAsync(cancel));
        Assert.Equal(2, credential.Asked);
        Assert.Same(credential, Assert.Single(provider.GetServices<TokenCredential>()));
        Assert.NotNull(provider.GetRequiredService<SecretClient>());
        Assert.NotNull(provider.GetRequiredService<IOptions<TelemetryConfiguration>>().Value);
    }

    [Fact]
    public void Services_AzureClientId_IsTheOneCredentialsIdentity()
    {
        using var provider = Build(new Dictionary<string, string?> { ["AZURE_CLIENT_ID"] = "00000000-0000-0000-0000-000000000001" });

        Assert.IsType<DefaultAzureCredential>(Assert.Single(provider.GetServices<TokenCredential>()));
    }

    private static ServiceProvider Build(IReadOnlyDictionary<string, string?>? overrides = null, Action<IServiceCollection>? before = null)
    {
        var settings = TestSettings.Sample();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key.Replace("__", ":", StringComparison.Ordinal), p.Value)))
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging();
        before?.Invoke(services);
        services.AddCalendarSyncServices(configuration, new DevelopmentEnvironment());
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Counts the requests for a token and refuses each, so a client that uses it fails before it sends anything.</summary>
    private sealed class RefusingCredential : TokenCredential
    {
        private int _asked;

        public int Asked => _asked;

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw Refuse();

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw Refuse();

        private RefusedException Refuse()
        {
            Interlocked.Increment(ref _asked);
            return new RefusedException();
        }

        internal sealed class RefusedException : Exception;
    }

    private sealed class DevelopmentEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;

        public string ApplicationName { get; set; } = "CalendarSync.Functions";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
