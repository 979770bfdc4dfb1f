using Azure.Data.Tables;
using CalendarSync.Core.Connections;
using Microsoft.Extensions.Hosting;

namespace CalendarSync.Azure.Secrets;

/// <summary>
/// Refresh tokens as plain rows in Azure Table Storage (Azurite), for a developer's machine
/// without a vault. It refuses to exist outside the <c>Development</c> environment.
/// </summary>
public sealed class DevelopmentRefreshTokenStore : IRefreshTokenStore
{
    public const string TableName = "DevelopmentRefreshTokens";

    // Keys carry the secret name, never the raw staff id: Table keys forbid / \ # ? and control
    // characters, and the name is already a safe, injective form of any id.
    private const string RowKey = "refresh-token";
    private const string RefreshTokenProperty = "RefreshToken";

    private readonly TableClient _table;
    private volatile bool _tableExists;

    public DevelopmentRefreshTokenStore(TableClient table, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(table);
        EnsureDevelopment(environment);
        _table = table;
    }

    /// <summary>Throws unless the host runs in <c>Development</c>: nowhere else may a token sit outside Key Vault.</summary>
    public static void EnsureDevelopment(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"{nameof(KeyVaultOptions.VaultUri)} is not set, and the development refresh token store, which keeps tokens " +
                $"unencrypted in Table Storage, runs only in the Development environment, not in '{environment.EnvironmentName}'. " +
                $"Set {KeyVaultOptions.SectionName}__{nameof(KeyVaultOptions.VaultUri)} to the vault's URI.");
        }
    }

    public async Task<string?> GetAsync(string staffId, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(
            RefreshTokenSecretName.For(staffId), RowKey, [RefreshTokenProperty], cancellationToken);
        return row.HasValue ? row.Value!.GetString(RefreshTokenProperty) : null;
    }

    public async Task SetAsync(string staffId, string refreshToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        if (string.Equals(await GetAsync(staffId, cancellationToken), refreshToken, StringComparison.Ordinal))
        {
            return;
        }

        var row = new TableEntity(RefreshTokenSecretName.For(staffId), RowKey)
        {
            ["StaffId"] = staffId,
            [RefreshTokenProperty] = refreshToken,
        };
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task DeleteAsync(string staffId, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        await _table.DeleteEntityAsync(RefreshTokenSecretName.For(staffId), RowKey, cancellationToken: cancellationToken);
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (!_tableExists)
        {
            await _table.CreateIfNotExistsAsync(cancellationToken);
            _tableExists = true;
        }
    }
}
