using Azure;
using Azure.Data.Tables;
using CalendarSync.Azure.Storage;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Azure.Data;

/// <summary>
/// The sync status of a Google-origin block is columns of the block's own row (<c>SyncETag</c>, <c>SyncUpdated</c>,
/// <c>SyncEpoch</c>; the version and event id are the block's): an imported event is one row, written in one operation.
/// </summary>
public sealed partial class TableAppointmentData
{
    public async Task<IReadOnlyDictionary<ItemKey, ItemSyncStatus>> GetGoogleBlockStatusesAsync(
        string staffId, IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var rows = await TablePointReads.ReadAsync(
            await Table(cancellationToken), StaffPartition(staffId), keys.Select(ItemEntities.ItemRow), StatusColumns, cancellationToken);
        var found = new Dictionary<ItemKey, ItemSyncStatus>();
        foreach (var row in rows.Values)
        {
            if (ToBlockStatus(row) is { } status)
            {
                found[status.Key] = status;
            }
        }

        return found;
    }

    /// <summary>The continuation is the last key handed out, so a block removed meanwhile cannot shift the ones after it.</summary>
    public async Task<ItemStatusPage> ListGoogleBlockStatusesAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        if (continuation is not null && !(ItemKey.TryParse(continuation, out var last) && BlockedSlot.IsGoogleOrigin(last)))
        {
            throw new InvalidContinuationException();
        }

        var table = await Table(cancellationToken);
        var after = continuation is null ? ItemEntities.ItemPrefix + "block:" + BlockedSlot.GoogleIdPrefix : ItemEntities.ItemPrefix + continuation;
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {StaffPartition(staffId)} and RowKey gt {after} and RowKey lt {ItemEntities.ItemPrefix + "block:g."}");
        var statuses = new List<ItemSyncStatus>(pageSize + 1);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(pageSize + 1, 1000), select: StatusColumns, cancellationToken: cancellationToken))
        {
            if (ToBlockStatus(row) is { } status && !BlockedSlot.IsFromOtherCalendar(status.Key))
            {
                statuses.Add(status);
                if (statuses.Count > pageSize)
                {
                    break;
                }
            }
        }

        return statuses.Count > pageSize
            ? new ItemStatusPage(statuses.GetRange(0, pageSize), statuses[pageSize - 1].Key.ToString())
            : new ItemStatusPage(statuses, null);
    }

    public async Task StampGoogleBlocksAsync(string staffId, long epoch, IReadOnlyList<string> googleEventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(googleEventIds);
        var partition = StaffPartition(staffId);

        // A merge of the one column: the block and the rest of its status stay as they are; a row gone meanwhile is skipped.
        await TableBatch.SubmitAsync(await Table(cancellationToken), googleEventIds.Select(eventId => new TableTransactionAction(
            TableTransactionActionType.UpdateMerge,
            new TableEntity(partition, ItemEntities.ItemRow(BlockedSlot.KeyForGoogleEvent(eventId))) { ["SyncEpoch"] = epoch },
            ETag.All)), cancellationToken);
    }

    private static readonly string[] StatusColumns = ["RowKey", "Key", "Version", "IsDeleted", "GoogleEventId", "SyncETag", "SyncUpdated", "SyncEpoch"];

    /// <summary>The columns a Google-origin block's status adds to its row.</summary>
    internal static void AddStatus(TableEntity entity, ItemSyncStatus status)
    {
        entity["SyncETag"] = status.ETag;
        entity["SyncUpdated"] = status.Updated;
        entity["SyncEpoch"] = status.Epoch;
    }

    /// <summary>
    /// The status of a live Google-origin block's row; a row written without one (by a version that kept statuses in the
    /// sync state) answers one with no etag and epoch 0, which the sync writes again with its status.
    /// </summary>
    private static ItemSyncStatus? ToBlockStatus(TableEntity row)
    {
        if (row.GetBoolean("IsDeleted") == true || row.GetString("GoogleEventId") is not { } eventId
            || !ItemKey.TryParse(row.RowKey[ItemEntities.ItemPrefix.Length..], out var key) || !BlockedSlot.IsGoogleOrigin(key))
        {
            return null;
        }

        return new ItemSyncStatus(
            key, row.GetInt64("Version") ?? 0, eventId, row.GetString("SyncETag"), row.GetDateTimeOffset("SyncUpdated"), row.GetInt64("SyncEpoch") ?? 0);
    }
}
