using Azure;
using Azure.Data.Tables;
using CalendarSync.Azure.Storage;
using CalendarSync.Core.Runs;

namespace CalendarSync.Azure.Sync;

/// <summary>
/// Leases as rows of the <c>SyncLeases</c> table (partition: the staff id, row <c>lease</c>), guarded by their ETag: taking,
/// renewing, taking over an expired lease and releasing are each one conditional write, so of two contenders exactly one
/// wins. Expiry is read from <see cref="TimeProvider"/>, so a crashed holder's lease frees itself after its duration
/// (docs/storage.md says why not a blob lease).
/// </summary>
public sealed class TableSyncLease(StorageTables tables, TimeProvider time) : ISyncLease
{
    private const string LeaseRow = "lease";

    public async Task<SyncLease?> TryAcquireAsync(string staffId, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var partition = TableKeys.Staff(staffId);
        var table = await Table(cancellationToken);
        var holder = Guid.NewGuid().ToString("N");

        // Two rounds: the row may go (released) between our failed add and our read.
        for (var round = 0; round < 2; round++)
        {
            var expires = time.GetUtcNow() + duration;
            var entity = Lease(partition, holder, expires);
            try
            {
                var added = await table.AddEntityAsync(entity, cancellationToken);
                return new SyncLease(staffId, holder, expires, added.Headers.ETag!.Value.ToString());
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
            }

            var current = await table.GetEntityIfExistsAsync<TableEntity>(partition, LeaseRow, cancellationToken: cancellationToken);
            if (!current.HasValue || current.Value is not { } held)
            {
                continue;
            }

            if (held.GetDateTimeOffset("ExpiresAt") > time.GetUtcNow())
            {
                return null;
            }

            try
            {
                var taken = await table.UpdateEntityAsync(entity, held.ETag, TableUpdateMode.Replace, cancellationToken);
                return new SyncLease(staffId, holder, expires, taken.Headers.ETag!.Value.ToString());
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Someone else took over the expired lease (or released it) first.
                return null;
            }
        }

        return null;
    }

    public async Task<SyncLease?> RenewAsync(SyncLease lease, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var table = await Table(cancellationToken);
        var expires = time.GetUtcNow() + duration;
        try
        {
            var renewed = await table.UpdateEntityAsync(
                Lease(TableKeys.Staff(lease.StaffId), lease.HolderId, expires), new ETag(lease.Version), TableUpdateMode.Replace, cancellationToken);
            return lease with { ExpiresAt = expires, Version = renewed.Headers.ETag!.Value.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
    }

    public async Task ReleaseAsync(SyncLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var table = await Table(cancellationToken);
        try
        {
            await table.DeleteEntityAsync(TableKeys.Staff(lease.StaffId), LeaseRow, new ETag(lease.Version), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Lost meanwhile: the row is someone else's now, and theirs to release.
        }
    }

    public async Task<IReadOnlySet<string>> ListHeldAsync(CancellationToken cancellationToken)
    {
        // Released leases are deleted, so the table holds only runs under way and the few a crash left to expire.
        var table = await Table(cancellationToken);
        var held = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var lease in table.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"RowKey eq {LeaseRow} and ExpiresAt gt {time.GetUtcNow()}"),
                           select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            held.Add(lease.PartitionKey);
        }

        return held;
    }

    private static TableEntity Lease(string partition, string holder, DateTimeOffset expires) =>
        new(partition, LeaseRow) { ["Holder"] = holder, ["ExpiresAt"] = expires };

    private Task<TableClient> Table(CancellationToken cancellationToken) => tables.GetAsync(StorageTables.SyncLeases, cancellationToken);
}
