using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace CalendarSync.Azure.Storage;

/// <summary>
/// The tables of one storage account, each created on first use (the Bicep creates <c>Connections</c> and <c>SyncLog</c>;
/// the identity may create the others, and Azurite starts empty). <paramref name="prefix"/> keeps tests apart.
/// </summary>
public sealed class StorageTables(TableServiceClient service, string prefix = "")
{
    public const string Connections = "Connections";
    public const string SyncLog = "SyncLog";
    public const string SyncState = "SyncState";
    public const string AppointmentData = "AppointmentData";
    public const string WaitingPushes = "WaitingPushes";
    public const string PushChannels = "PushChannels";
    public const string PendingAuthorizations = "PendingAuthorizations";

    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.Ordinal);

    public async Task<TableClient> GetAsync(string name, CancellationToken cancellationToken)
    {
        var created = _tables.GetOrAdd(name, n => new Lazy<Task<TableClient>>(() => CreateAsync(prefix + n)));
        try
        {
            return await created.Value.WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed creation (storage briefly unreachable) must not stick: the next caller tries again.
            _tables.TryRemove(new KeyValuePair<string, Lazy<Task<TableClient>>>(name, created));
            throw;
        }
    }

    // Not cancelled by one caller's token: the creation is shared by every caller waiting for it.
    private async Task<TableClient> CreateAsync(string name)
    {
        var table = service.GetTableClient(name);
        await table.CreateIfNotExistsAsync(CancellationToken.None);
        return table;
    }
}
