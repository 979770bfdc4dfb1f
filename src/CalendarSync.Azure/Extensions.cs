using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using CalendarSync.Azure.Connections;
using CalendarSync.Azure.Data;
using CalendarSync.Azure.Storage;
using CalendarSync.Azure.Sync;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Data;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CalendarSync.Azure;

/// <summary>Registers the Table Storage stores, the lease and the sync queue.</summary>
public static class Extensions
{
    /// <summary>The client id of the user-assigned managed identity the app runs as in Azure.</summary>
    public const string ClientIdSetting = "AZURE_CLIENT_ID";

    public static IServiceCollection AddCalendarSyncAzureStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageConnectionOptions>()
            .Configure(options => ReadConnection(configuration, options))
            .Validate(options => options.IsComplete,
                "Set AzureWebJobsStorage to a connection string (locally: UseDevelopmentStorage=true), or set both " +
                "AzureWebJobsStorage__tableServiceUri and AzureWebJobsStorage__queueServiceUri for identity-based access.")
            .ValidateOnStart();
        services.AddOptions<AzureStorageOptions>()
            .Configure(options => configuration.GetSection("Sync").Bind(options))
            .Validate(options => options.SyncLogRetentionDays is >= 1 and <= 3650, "Sync__SyncLogRetentionDays must be 1 to 3650.")
            .Validate(options => options.TombstoneRetentionDays is >= 1 and <= 3650, "Sync__TombstoneRetentionDays must be 1 to 3650.")
            .Validate(options => options.ItemHistoryRetentionDays is >= 1 and <= 3650, "Sync__ItemHistoryRetentionDays must be 1 to 3650.")
            .ValidateOnStart();

        services.AddCalendarSyncCredential(configuration);
        services.AddAzureClients(clients =>
        {
            clients.AddClient<TableServiceClient, TableClientOptions>((options, credential, provider) =>
            {
                var storage = provider.GetRequiredService<IOptions<StorageConnectionOptions>>().Value;
                return storage.UsesIdentity
                    ? new TableServiceClient(storage.TableServiceUri, credential, options)
                    : new TableServiceClient(storage.ConnectionString, options);
            });
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, credential, provider) =>
            {
                // The Functions queue trigger reads base64 bodies (host.json), so we write them that way.
                options.MessageEncoding = QueueMessageEncoding.Base64;
                var storage = provider.GetRequiredService<IOptions<StorageConnectionOptions>>().Value;
                return storage.UsesIdentity
                    ? new QueueServiceClient(storage.QueueServiceUri, credential, options)
                    : new QueueServiceClient(storage.ConnectionString, options);
            });
        });

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new SyncQueueNames());
        services.AddSingleton<StorageTables>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<AzureStorageOptions>>().Value);
        services.AddSingleton<TableAppointmentData>();
        services.AddSingleton<IAppointmentData>(provider => provider.GetRequiredService<TableAppointmentData>());
        services.AddSingleton<IAppointmentStore>(provider => provider.GetRequiredService<TableAppointmentData>());
        services.AddSingleton<IBookingLock, TableBookingLock>();
        services.AddSingleton<TableSyncStateStore>();
        services.AddSingleton<ISyncStateStore>(provider => provider.GetRequiredService<TableSyncStateStore>());

        // The lease lives on the state's control row: one store hands out both.
        services.AddSingleton<ISyncLease>(provider => provider.GetRequiredService<TableSyncStateStore>());
        services.AddSingleton<IConnectionStore, TableConnectionStore>();
        services.AddSingleton<IPendingAuthorizationStore, TablePendingAuthorizationStore>();
        services.AddSingleton<ISyncLog, TableSyncLog>();
        services.AddSingleton<IWaitingPushSyncStore, TableWaitingPushSyncStore>();
        services.AddSingleton<ISyncQueue, StorageSyncQueue>();
        services.AddSingleton<IStorageErrorClassifier, AzureStorageErrorClassifier>();
        return services;
    }

    /// <summary>
    /// The app's one <see cref="TokenCredential"/>, registered once and used by every Azure client (tables, queues, Key
    /// Vault) and by Application Insights: the user-assigned identity named by <c>AZURE_CLIENT_ID</c> in Azure, a
    /// developer's own sign-in (Azure CLI, Visual Studio) elsewhere. Unused where a connection string carries the account
    /// key (Azurite). Calling it again changes nothing.
    /// </summary>
    public static IServiceCollection AddCalendarSyncCredential(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = configuration[ClientIdSetting] is { Length: > 0 } clientId ? clientId : null,
        }));
        services.AddAzureClients(clients => clients.UseCredential(provider => provider.GetRequiredService<TokenCredential>()));
        return services;
    }

    private static void ReadConnection(IConfiguration configuration, StorageConnectionOptions options)
    {
        var section = configuration.GetSection(StorageConnectionOptions.Section);
        options.ConnectionString = section.Value;
        options.TableServiceUri = Uri.TryCreate(section["tableServiceUri"], UriKind.Absolute, out var tables) ? tables : null;
        options.QueueServiceUri = Uri.TryCreate(section["queueServiceUri"], UriKind.Absolute, out var queues) ? queues : null;
    }
}
