using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using CalendarSync.Core.Connections;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CalendarSync.Azure.Secrets;

public static class RefreshTokenStoreRegistration
{
    /// <summary>
    /// Registers the <see cref="IRefreshTokenStore"/>: Key Vault when <c>KeyVault:VaultUri</c> is
    /// set, else the development store on <c>AzureWebJobsStorage</c>, which throws here outside
    /// <c>Development</c>.
    /// </summary>
    public static IServiceCollection AddRefreshTokenStore(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(KeyVaultOptions.SectionName);
        if (string.IsNullOrWhiteSpace(section[nameof(KeyVaultOptions.VaultUri)]))
        {
            return services.AddDevelopmentStore(configuration, environment);
        }

        services.AddOptions<KeyVaultOptions>()
            .Configure(options => section.Bind(options))
            .Validate(options => options.VaultUri is { IsAbsoluteUri: true, Scheme: "https" },
                "KeyVault:VaultUri must be the vault's absolute https URI, such as https://kv-example.vault.azure.net/.")
            .Validate(options => options.CacheLifetime >= TimeSpan.Zero, "KeyVault:CacheLifetime must not be negative.")
            .ValidateOnStart();

        services.AddCalendarSyncCredential(configuration);
        services.AddAzureClients(clients => clients
            .AddClient<SecretClient, SecretClientOptions>((clientOptions, credential, provider) =>
                new SecretClient(provider.GetRequiredService<IOptions<KeyVaultOptions>>().Value.VaultUri, credential, clientOptions))
            .ConfigureOptions(KeyVaultRefreshTokenStore.ConfigureClient));

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IRefreshTokenStore, KeyVaultRefreshTokenStore>();
        return services;
    }

    private static IServiceCollection AddDevelopmentStore(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // At registration, so a host without a vault outside Development never starts.
        DevelopmentRefreshTokenStore.EnsureDevelopment(environment);
        var connectionString = configuration["AzureWebJobsStorage"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "The development refresh token store needs AzureWebJobsStorage (UseDevelopmentStorage=true for Azurite), or set KeyVault__VaultUri.");
        }

        services.AddAzureClients(clients => clients
            .AddTableServiceClient(connectionString)
            .WithName(DevelopmentRefreshTokenStore.TableName));

        services.AddSingleton<IRefreshTokenStore>(provider => new DevelopmentRefreshTokenStore(
            provider.GetRequiredService<IAzureClientFactory<TableServiceClient>>()
                .CreateClient(DevelopmentRefreshTokenStore.TableName)
                .GetTableClient(DevelopmentRefreshTokenStore.TableName),
            environment));
        return services;
    }
}
