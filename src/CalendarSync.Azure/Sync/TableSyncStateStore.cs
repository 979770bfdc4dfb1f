using Azure.Data.Tables;
using CalendarSync.Azure.Storage;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Azure.Sync;

/// <summary>
/// Sync state on the <c>SyncState</c> table: one partition per staff member, the state in row <c>state</c> and one row per
/// item status (<c>item|{kind}:{id}</c>), so listing statuses in key order is one partition's range scan. Only the run that
/// holds the staff member's lease writes here, so rows are replaced without an ETag check.
/// </summary>
public sealed class TableSyncStateStore(StorageTables tables) : ISyncStateStore
{
    private const string StateRow = "state";
    private const string ItemPrefix = "item|";
    private const string ItemRangeEnd = "item|~";

    public async Task<SyncState> GetStateAsync(string staffId, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Staff(staffId), StateRow, cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is not { } row)
        {
            return SyncState.Initial(staffId);
        }

        return new SyncState
        {
            StaffId = staffId,
            GoogleSyncToken = row.GetString("GoogleSyncToken"),
            PullPageToken = row.GetString("PullPageToken"),
            PullIsFull = row.GetBoolean("PullIsFull") == true,
            Epoch = row.GetInt64("Epoch") ?? 0,
            LocalWatermark = row.GetString("LocalWatermark"),
            WindowEnd = row.GetDateTimeOffset("WindowEnd"),
            WritesPausedUntil = row.GetDateTimeOffset("WritesPausedUntil"),
        };
    }

    public async Task SaveStateAsync(SyncState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var table = await Table(cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(TableKeys.Staff(state.StaffId), StateRow)
        {
            ["GoogleSyncToken"] = state.GoogleSyncToken,
            ["PullPageToken"] = state.PullPageToken,
            ["PullIsFull"] = state.PullIsFull,
            ["Epoch"] = state.Epoch,
            ["LocalWatermark"] = state.LocalWatermark,
            ["WindowEnd"] = state.WindowEnd,
            ["WritesPausedUntil"] = state.WritesPausedUntil,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<ItemSyncStatus?> GetItemAsync(string staffId, ItemKey key, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Staff(staffId), ItemPrefix + key, cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } row ? ToStatus(row) : null;
    }

    public async Task SaveItemAsync(string staffId, ItemSyncStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        var table = await Table(cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(TableKeys.Staff(staffId), ItemPrefix + status.Key)
        {
            ["Key"] = status.Key.ToString(),
            ["LocalVersion"] = status.LocalVersion,
            ["EventId"] = status.EventId,

            // Not "ETag": that name is the row's own version in the table's protocol.
            ["EventETag"] = status.ETag,
            ["EventUpdated"] = status.Updated,
            ["Epoch"] = status.Epoch,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task DeleteItemAsync(string staffId, ItemKey key, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        await table.DeleteEntityAsync(TableKeys.Staff(staffId), ItemPrefix + key, global::Azure.ETag.All, cancellationToken);
    }

    /// <summary>The continuation is the last key handed out, so a status deleted meanwhile cannot shift the ones after it.</summary>
    public async Task<ItemStatusPage> ListItemsAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        string after = ItemPrefix;
        if (continuation is not null)
        {
            after += ItemKey.TryParse(continuation, out var key)
                ? key.ToString()
                : throw new InvalidContinuationException();
        }

        var table = await Table(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Staff(staffId)} and RowKey gt {after} and RowKey lt {ItemRangeEnd}");
        var items = new List<ItemSyncStatus>(pageSize + 1);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(pageSize + 1, 1000), cancellationToken: cancellationToken))
        {
            items.Add(ToStatus(row));
            if (items.Count > pageSize)
            {
                break;
            }
        }

        return items.Count > pageSize
            ? new ItemStatusPage(items.GetRange(0, pageSize), items[pageSize - 1].Key.ToString())
            : new ItemStatusPage(items, null);
    }

    public async Task<int> CountItemsAsync(string staffId, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Staff(staffId)} and RowKey gt {ItemPrefix} and RowKey lt {ItemRangeEnd}");
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            count++;
        }

        return count;
    }

    private Task<TableClient> Table(CancellationToken cancellationToken) => tables.GetAsync(StorageTables.SyncState, cancellationToken);

    private static ItemSyncStatus ToStatus(TableEntity row) => new(
        ItemKey.Parse(row.GetString("Key")),
        row.GetInt64("LocalVersion") ?? 0,
        row.GetString("EventId"),
        row.GetString("EventETag"),
        row.GetDateTimeOffset("EventUpdated"),
        row.GetInt64("Epoch") ?? 0);
}
