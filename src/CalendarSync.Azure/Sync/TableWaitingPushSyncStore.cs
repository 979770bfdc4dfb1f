using Azure;
using Azure.Data.Tables;
using CalendarSync.Azure.Storage;
using CalendarSync.Core.Runs;

namespace CalendarSync.Azure.Sync;

/// <summary>
/// Waiting-push marks as rows of the <c>WaitingPushes</c> table (partition: the staff id, row <c>push</c>).
/// A mark is an add (409: there is one) or a replace at the ETag it was read with (412 if rewritten, 404 if cleared), so of
/// two writers that read the same mark exactly one wins; clearing is a delete.
/// </summary>
public sealed class TableWaitingPushSyncStore(StorageTables tables) : IWaitingPushSyncStore
{
    private const string PushRow = "push";

    public async Task<WaitingPushSync?> FindAsync(string staffId, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Staff(staffId);
        var table = await Table(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, PushRow, cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } mark
            ? new WaitingPushSync(staffId, mark.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue, mark.ETag.ToString())
            : null;
    }

    public async Task<WaitingPushSync?> TryMarkAsync(
        string staffId, DateTimeOffset expiresAt, WaitingPushSync? replacing, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Staff(staffId);
        var table = await Table(cancellationToken);
        var entity = new TableEntity(partition, PushRow) { ["ExpiresAt"] = expiresAt };
        try
        {
            var written = replacing is null
                ? await table.AddEntityAsync(entity, cancellationToken)
                : await table.UpdateEntityAsync(entity, new ETag(replacing.Version), TableUpdateMode.Replace, cancellationToken);
            return new WaitingPushSync(staffId, expiresAt, written.Headers.ETag!.Value.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return null;
        }
    }

    public async Task ClearAsync(string staffId, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Staff(staffId);
        var table = await Table(cancellationToken);

        // A missing row is no error to DeleteEntity: nothing waits.
        await table.DeleteEntityAsync(partition, PushRow, ETag.All, cancellationToken);
    }

    private Task<TableClient> Table(CancellationToken cancellationToken) => tables.GetAsync(StorageTables.WaitingPushes, cancellationToken);
}
