using Azure;
using Azure.Data.Tables;
using CalendarSync.Azure.Storage;
using CalendarSync.Core.Connections;

namespace CalendarSync.Azure.Connections;

/// <summary>
/// Pending consents in the <c>PendingAuthorizations</c> table, one row per nonce. Consuming deletes the row at the ETag
/// it was read with, so of two callbacks racing with one state only the first gets it. The PKCE verifier waits here for
/// at most the state's lifetime; it is no token and opens nothing without Google's code.
/// </summary>
public sealed class TablePendingAuthorizationStore(StorageTables tables, TimeProvider time) : IPendingAuthorizationStore
{
    private const string Partition = "pending";

    public async Task SaveAsync(PendingAuthorization pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var table = await tables.GetAsync(StorageTables.PendingAuthorizations, cancellationToken);
        await table.AddEntityAsync(
            new TableEntity(Partition, RowKey(pending.Nonce))
            {
                ["StaffId"] = pending.StaffId,
                ["CodeVerifier"] = pending.CodeVerifier,
                ["ExpiresAt"] = pending.ExpiresAt,
            },
            cancellationToken);
    }

    public async Task<PendingAuthorization?> TryConsumeAsync(string nonce, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(StorageTables.PendingAuthorizations, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, RowKey(nonce), cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value is not { } entity)
        {
            return null;
        }

        try
        {
            await table.DeleteEntityAsync(entity, entity.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Another callback with the same state consumed it first.
            return null;
        }

        var expiresAt = entity.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue;
        return expiresAt <= time.GetUtcNow()
            ? null
            : new PendingAuthorization(nonce, entity.GetString("StaffId"), entity.GetString("CodeVerifier"), expiresAt);
    }

    // Nonces we issue are base64url; anything else (a forged state's) is refused before it reaches a key.
    private static string RowKey(string nonce) =>
        nonce.Length is > 0 and <= 128 && nonce.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? nonce
            : throw new OAuthStateRejectedException();
}
