using Azure;
using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using CalendarSync.Core.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CalendarSync.Azure.Secrets;

/// <summary>
/// Refresh tokens in Azure Key Vault, one secret per connection, named by
/// <see cref="RefreshTokenSecretName"/>. A token is written only when it differs from the stored
/// one, and kept in this instance's memory for <see cref="KeyVaultOptions.CacheLifetime"/>.
/// </summary>
public sealed partial class KeyVaultRefreshTokenStore(
    SecretClient secrets,
    IOptions<KeyVaultOptions> options,
    TimeProvider timeProvider,
    ILogger<KeyVaultRefreshTokenStore> logger) : IRefreshTokenStore
{
    /// <summary>The content type our secrets carry, so an operator browsing the vault sees what they are.</summary>
    public const string ContentType = "application/vnd.calendarsync.google-refresh-token";

    private readonly RefreshTokenCache _cache = new(options.Value.CacheLifetime, timeProvider);

    /// <summary>
    /// The client options every <see cref="SecretClient"/> of ours uses, in Azure and in tests.
    /// </summary>
    public static void ConfigureClient(SecretClientOptions clientOptions)
    {
        ArgumentNullException.ThrowIfNull(clientOptions);

        // Key Vault throttles per vault (429 with Retry-After). The pipeline's retry policy waits
        // for Retry-After when the vault sends it and backs off exponentially with jitter when it
        // does not. Five retries from 1 s, capped at 30 s, ride out a throttled 10-second window
        // twice over while staying well inside a sync run's time budget.
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = 5;
        clientOptions.Retry.Delay = TimeSpan.FromSeconds(1);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(30);
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);

        // The SDK's own log would carry request bodies, and a PUT's body is the token.
        clientOptions.Diagnostics.IsLoggingContentEnabled = false;
    }

    public async Task<string?> GetAsync(string staffId, CancellationToken cancellationToken)
    {
        var name = RefreshTokenSecretName.For(staffId);
        if (_cache.TryGet(name, out var cached))
        {
            return cached;
        }

        var refreshToken = await ReadAsync(name, cancellationToken);
        if (refreshToken is not null)
        {
            _cache.Set(name, refreshToken);
        }

        return refreshToken;
    }

    public async Task SetAsync(string staffId, string refreshToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        var name = RefreshTokenSecretName.For(staffId);

        // A read costs a thirteenth of a write in the vault's budget (4,000 against 300 per
        // 10 s), so when this instance does not know the stored token it reads before it writes.
        var stored = _cache.TryGet(name, out var cached) ? cached : await ReadAsync(name, cancellationToken);
        if (string.Equals(stored, refreshToken, StringComparison.Ordinal))
        {
            _cache.Set(name, refreshToken);
            return;
        }

        _cache.Remove(name);
        await WriteAsync(staffId, name, refreshToken, cancellationToken);
        _cache.Set(name, refreshToken);
        LogWritten(logger, staffId, name);
    }

    public async Task DeleteAsync(string staffId, CancellationToken cancellationToken)
    {
        var name = RefreshTokenSecretName.For(staffId);
        _cache.Remove(name);

        try
        {
            var deletion = await secrets.StartDeleteSecretAsync(name, cancellationToken);
            await deletion.WaitForCompletionAsync(cancellationToken);
            LogDeleted(logger, staffId, name);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Nothing live: never connected, or an earlier disconnect deleted it and then failed
            // to purge, which the purge below finishes.
        }

        await PurgeAsync(staffId, name, cancellationToken);
    }

    private async Task<string?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var secret = await secrets.GetSecretAsync(name, cancellationToken: cancellationToken);
            return secret.Value.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task WriteAsync(string staffId, string name, string refreshToken, CancellationToken cancellationToken)
    {
        var secret = new KeyVaultSecret(name, refreshToken) { Properties = { ContentType = ContentType } };
        try
        {
            await secrets.SetSecretAsync(secret, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // The staff member disconnected and reconnects while the vault keeps the deleted
            // secret (the purge was refused: purge protection, or no purge permission), and a
            // deleted secret's name cannot be used again. Recovering works in every vault; the
            // versions it brings back hold only tokens revoked at Google on disconnect, and the
            // new token becomes the current version.
            LogRecovering(logger, staffId, name);
            var recovery = await secrets.StartRecoverDeletedSecretAsync(name, cancellationToken);
            await recovery.WaitForCompletionAsync(cancellationToken);
            await secrets.SetSecretAsync(secret, cancellationToken);
        }
    }

    private async Task PurgeAsync(string staffId, string name, CancellationToken cancellationToken)
    {
        try
        {
            await secrets.PurgeDeletedSecretAsync(name, cancellationToken);
            LogPurged(logger, staffId, name);
        }
        catch (RequestFailedException ex) when (ex.Status == 403)
        {
            // Purge protection is on, or our identity may not purge: the vault removes the
            // deleted secret when its retention ends, and a reconnect before then recovers it.
            LogPurgeRefused(logger, staffId, name);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No deleted secret of this name: nothing to purge.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote the refresh token of staff member {StaffId} to secret {SecretName}")]
    private static partial void LogWritten(ILogger logger, string staffId, string secretName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted the refresh token of staff member {StaffId} (secret {SecretName})")]
    private static partial void LogDeleted(ILogger logger, string staffId, string secretName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged the deleted secret {SecretName} of staff member {StaffId}")]
    private static partial void LogPurged(ILogger logger, string staffId, string secretName);

    [LoggerMessage(Level = LogLevel.Information, Message = "The vault keeps the deleted secret {SecretName} of staff member {StaffId} until its retention ends (purge refused)")]
    private static partial void LogPurgeRefused(ILogger logger, string staffId, string secretName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovering the deleted secret {SecretName} of reconnecting staff member {StaffId}")]
    private static partial void LogRecovering(ILogger logger, string staffId, string secretName);
}
