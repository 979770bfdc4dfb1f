using Azure;
using Azure.Data.Tables;
using CalendarSync.Azure.Storage;
using CalendarSync.Core.Connections;

namespace CalendarSync.Azure.Connections;

/// <summary>
/// Connect links and pending consents in the <c>PendingAuthorizations</c> table, one row per nonce, spread over
/// partitions by the nonce's first character. Consuming deletes the row at the ETag it was read with, so of two callbacks
/// racing with one state only the first gets it. The PKCE verifier waits here for at most the state's lifetime; it is no
/// token and opens nothing without Google's code. Expired rows go with <see cref="PurgeExpiredAsync"/>.
/// </summary>
public sealed class TablePendingAuthorizationStore(StorageTables tables, TimeProvider time) : IPendingAuthorizationStore
{
    public async Task SaveAsync(PendingAuthorization pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var table = await tables.GetAsync(StorageTables.PendingAuthorizations, cancellationToken);
        await table.AddEntityAsync(
            new TableEntity(TableKeys.NoncePartition(pending.Nonce), TableKeys.Nonce(pending.Nonce))
            {
                ["StaffId"] = pending.StaffId,
                ["ExpectedAccount"] = pending.ExpectedAccount,
                ["CodeVerifier"] = pending.CodeVerifier,
                ["ExpiresAt"] = pending.ExpiresAt,
            },
            cancellationToken);
    }

    public async Task<PendingAuthorization?> GetAsync(string nonce, CancellationToken cancellationToken)
    {
        var entity = await ReadAsync(nonce, cancellationToken);
        return entity is null ? null : Live(nonce, entity);
    }

    public async Task<PendingAuthorization?> TryConsumeAsync(string nonce, CancellationToken cancellationToken)
    {
        if (await ReadAsync(nonce, cancellationToken) is not { } entity)
        {
            return null;
        }

        var table = await tables.GetAsync(StorageTables.PendingAuthorizations, cancellationToken);
        try
        {
            await table.DeleteEntityAsync(entity, entity.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Another callback with the same state consumed it first.
            return null;
        }

        return Live(nonce, entity);
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(StorageTables.PendingAuthorizations, cancellationToken);
        var purged = 0;
        var expired = table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"ExpiresAt lt {now}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
        await foreach (var page in expired.AsPages(pageSizeHint: 1000).WithCancellation(cancellationToken))
        {
            foreach (var entity in page.Values)
            {
                try
                {
                    await table.DeleteEntityAsync(entity, ETag.All, cancellationToken);
                    purged++;
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    // Used (or purged by another instance) since the query read it.
                }
            }
        }

        return purged;
    }

    private async Task<TableEntity?> ReadAsync(string nonce, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(StorageTables.PendingAuthorizations, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.NoncePartition(nonce), TableKeys.Nonce(nonce), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    // Rows written before links existed have no expected account; they expire within the state's lifetime and are refused.
    private PendingAuthorization? Live(string nonce, TableEntity entity)
    {
        var expiresAt = entity.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue;
        return expiresAt <= time.GetUtcNow() || entity.GetString("ExpectedAccount") is not { } expected
            ? null
            : new PendingAuthorization(nonce, entity.GetString("StaffId"), expected, entity.GetString("CodeVerifier"), expiresAt);
    }
}
