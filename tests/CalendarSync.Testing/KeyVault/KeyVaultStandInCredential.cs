using Azure.Core;

namespace CalendarSync.Testing.KeyVault;

/// <summary>
/// Hands out the token <see cref="KeyVaultStandIn"/> accepts, but only for the scope and tenant
/// the stand-in's challenge names; any other request gets a token the stand-in refuses. So a
/// passing test proves the SDK read the challenge as Key Vault's clients must.
/// </summary>
public sealed class KeyVaultStandInCredential(string acceptedToken) : TokenCredential
{
    public const string Scope = "https://vault.azure.net/.default";

    private int _tokensIssued;

    public int TokensIssued => _tokensIssued;

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _tokensIssued);
        var asExpected = requestContext.Scopes is [Scope] && requestContext.TenantId == KeyVaultStandIn.TenantId;
        return new AccessToken(asExpected ? acceptedToken : "token-for-the-wrong-audience", DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
