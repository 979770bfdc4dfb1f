using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using CalendarSync.Azure.Connections;
using CalendarSync.Azure.Data;
using CalendarSync.Azure.Storage;
using CalendarSync.Azure.Sync;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Data;
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
            .Validate(options => !string.IsNullOrWhiteSpace(options.QueueName) && !string.IsNullOrWhiteSpace(options.PoisonQueueName),
                "The sync queue names must not be empty.")
            .ValidateOnStart();

        services.AddAzureClients(clients =>
        {
            // One credential for every client: the app's managed identity in Azure (its client id when user-assigned),
            // unused where a connection string carries the account key (Azurite).
            clients.UseCredential(provider => new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = provider.GetRequiredService<IOptions<StorageConnectionOptions>>().Value.ClientId,
            }));
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
        services.AddSingleton(provider => new StorageTables(provider.GetRequiredService<TableServiceClient>()));
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<AzureStorageOptions>>().Value);
        services.AddSingleton<TableAppointmentData>();
        services.AddSingleton<IAppointmentData>(provider => provider.GetRequiredService<TableAppointmentData>());
        services.AddSingleton<IAppointmentStore>(provider => provider.GetRequiredService<TableAppointmentData>());
        services.AddSingleton<ISyncStateStore, TableSyncStateStore>();
        services.AddSingleton<IConnectionStore, TableConnectionStore>();
        services.AddSingleton<IPendingAuthorizationStore, TablePendingAuthorizationStore>();
        services.AddSingleton<ISyncLog, TableSyncLog>();
        services.AddSingleton<ISyncLease, TableSyncLease>();
        services.AddSingleton<IWaitingPushSyncStore, TableWaitingPushSyncStore>();
        services.AddSingleton<ISyncQueue, StorageSyncQueue>();
        services.AddSingleton<IStorageErrorClassifier, AzureStorageErrorClassifier>();
        return services;
    }

    private static void ReadConnection(IConfiguration configuration, StorageConnectionOptions options)
    {
        var section = configuration.GetSection(StorageConnectionOptions.Section);
        options.ConnectionString = section.Value;
        options.TableServiceUri = Uri.TryCreate(section["tableServiceUri"], UriKind.Absolute, out var tables) ? tables : null;
        options.QueueServiceUri = Uri.TryCreate(section["queueServiceUri"], UriKind.Absolute, out var queues) ? queues : null;
        options.ClientId = section["clientId"];
    }
}
