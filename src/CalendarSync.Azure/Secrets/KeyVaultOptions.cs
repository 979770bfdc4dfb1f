namespace CalendarSync.Azure.Secrets;

/// <summary>Settings of the section <c>KeyVault</c>: where refresh tokens live in Azure.</summary>
public sealed class KeyVaultOptions
{
    public const string SectionName = "KeyVault";

    /// <summary>The vault's URI, <c>https://&lt;name&gt;.vault.azure.net/</c>. Empty: the development-only store.</summary>
    public Uri? VaultUri { get; set; }

    /// <summary>
    /// How long an instance trusts a refresh token it read or wrote before it reads it again, so a
    /// token another instance replaced is picked up within this time. Zero turns the cache off.
    /// </summary>
    public TimeSpan CacheLifetime { get; set; } = TimeSpan.FromMinutes(15);
}
