using System.Text.Json.Nodes;

namespace CalendarSync.Infra.Tests;

public sealed class KeyVaultTests(CompiledInfra infra)
{
    // Values from local.settings.sample.json: copying the sample into the template would ship them.
    private static readonly string[] SampleSecrets = ["calendarsync-local-secret", "local-development-only-signing-key"];

    private IReadOnlyList<ArmResource> Vaults => infra.RequireMain().OfType("Microsoft.KeyVault/vaults");

    [Fact]
    public void Vaults_Deployed_AreATokensVaultAndAConfigurationVaultOfTheirOwnNames()
    {
        var main = infra.RequireMain();
        var names = main.Root["variables"]!["names"]!;

        Assert.Equal(2, Vaults.Count);
        Assert.Equal("[variables('names').tokensKeyVault]", (string?)main.Module("tokens-keyvault").Properties["parameters"]!["name"]!["value"]);
        Assert.Equal("[variables('names').configKeyVault]", (string?)main.Module("config-keyvault").Properties["parameters"]!["name"]!["value"]);
        Assert.NotEqual((string?)names["tokensKeyVault"], (string?)names["configKeyVault"]);
    }

    [Fact]
    public void Vaults_Authorization_IsRbacWithSoftDelete()
    {
        Assert.All(Vaults, vault =>
        {
            Assert.True((bool?)vault.Properties["enableRbacAuthorization"], "The vault must be in RBAC mode.");
            Assert.True((bool?)vault.Properties["enableSoftDelete"]);
            Assert.Null(vault.Properties["accessPolicies"]);
        });
    }

    [Fact]
    public void Vaults_PurgeProtection_IsAParameter()
    {
        Assert.All(Vaults, vault => Assert.Equal("[if(parameters('enablePurgeProtection'), true(), null())]", (string?)vault.Properties["enablePurgeProtection"]));
        Assert.True(infra.RequireMain().Parameters.ContainsKey("keyVaultPurgeProtection"));
    }

    [Fact]
    public void Vaults_PurgeProtection_IsOnUnlessExplicitlyTurnedOff()
    {
        var main = infra.RequireMain();
        var azdValue = JsonNode.Parse(Repository.ReadText("infra/main.parameters.json"))!["parameters"]!["keyVaultPurgeProtection"]!["value"];

        Assert.True((bool?)main.Parameters["keyVaultPurgeProtection"]!["defaultValue"]);
        Assert.Equal("${KEY_VAULT_PURGE_PROTECTION=true}", (string?)azdValue);
        Assert.All(Vaults, vault => Assert.True((bool?)vault.Parameter("enablePurgeProtection")["defaultValue"]));
        Assert.All(
            ["tokens-keyvault", "config-keyvault"],
            module => Assert.Equal("[parameters('keyVaultPurgeProtection')]", (string?)main.Module(module).Properties["parameters"]!["enablePurgeProtection"]!["value"]));
    }

    [Fact]
    public void Vaults_PublicNetworkAccess_FollowsTheParameter()
    {
        Assert.All(Vaults, vault =>
        {
            Assert.Equal("[parameters('publicNetworkAccess')]", (string?)vault.Properties["publicNetworkAccess"]);
            Assert.Equal("[if(equals(parameters('publicNetworkAccess'), 'Enabled'), 'Allow', 'Deny')]", (string?)vault.Properties["networkAcls"]!["defaultAction"]);
            Assert.Equal(["Enabled", "Disabled"], vault.Parameter("publicNetworkAccess")["allowedValues"]!.AsArray().Select(v => (string?)v));
        });
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
