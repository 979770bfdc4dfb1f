using System.Text.Json.Nodes;

namespace CalendarSync.Infra.Tests;

public sealed class KeyVaultTests(CompiledInfra infra)
{
    // Values from local.settings.sample.json: copying the sample into the template would ship them.
    private static readonly string[] SampleSecrets = ["calendarsync-local-secret", "local-development-only-signing-key"];

    private ArmResource Vault => infra.RequireMain().Single("Microsoft.KeyVault/vaults");

    [Fact]
    public void Vault_Authorization_IsRbacWithSoftDelete()
    {
        Assert.True((bool?)Vault.Properties["enableRbacAuthorization"], "The vault must be in RBAC mode.");
        Assert.True((bool?)Vault.Properties["enableSoftDelete"]);
        Assert.Null(Vault.Properties["accessPolicies"]);
    }

    [Fact]
    public void Vault_PurgeProtection_IsAParameter()
    {
        Assert.Equal("[if(parameters('enablePurgeProtection'), true(), null())]", (string?)Vault.Properties["enablePurgeProtection"]);
        Assert.True(infra.RequireMain().Parameters.ContainsKey("keyVaultPurgeProtection"));
    }

    [Fact]
    public void Template_Secrets_AreNeverDeployedNorParameters()
    {
        var main = infra.RequireMain();

        Assert.Empty(main.OfType("Microsoft.KeyVault/vaults/secrets"));
        Assert.DoesNotContain(main.Parameters.Keys, name => name.Contains("secret", StringComparison.OrdinalIgnoreCase) || name.Contains("password", StringComparison.OrdinalIgnoreCase));
        Assert.All(SampleSecrets, secret => Assert.DoesNotContain(secret, infra.MainJson, StringComparison.Ordinal));
    }

    [Fact]
    public void MainParameters_Values_HoldNoSecret()
    {
        var parameters = JsonNode.Parse(Repository.ReadText("infra/main.parameters.json"))!["parameters"]!.AsObject();

        Assert.DoesNotContain(parameters, p => p.Key.Contains("secret", StringComparison.OrdinalIgnoreCase));
        Assert.All(parameters, p => Assert.StartsWith("${", (string?)p.Value!["value"], StringComparison.Ordinal));
    }
}
