using System.Text.Json.Nodes;

namespace CalendarSync.Infra.Tests;

public sealed class AzdTests(CompiledInfra infra)
{
    private static readonly string[] AzureYaml = File.ReadAllLines(Path.Combine(Repository.Root, "azure.yaml"));

    [Fact]
    public void AzureYaml_ApiService_IsTheFunctionsProjectHostedAsAFunction()
    {
        var api = AzureYaml.SkipWhile(l => l.Trim() != "api:").Skip(1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();

        Assert.Contains("project: ./src/CalendarSync.Functions", api);
        Assert.Contains("language: dotnet", api);
        Assert.Contains("host: function", api);
        Assert.True(File.Exists(Path.Combine(Repository.Root, "src/CalendarSync.Functions/CalendarSync.Functions.csproj")));
    }

    [Fact]
    public void AzureYaml_Infra_IsBicepInInfra()
    {
        var trimmed = AzureYaml.Select(l => l.Trim()).ToList();

        Assert.Contains("provider: bicep", trimmed);
        Assert.Contains("path: infra", trimmed);
    }

    [Fact]
    public void MainParameters_EveryParameter_ExistsInMainBicepAndEveryRequiredOneIsGiven()
    {
        var given = JsonNode.Parse(Repository.ReadText("infra/main.parameters.json"))!["parameters"]!.AsObject().Select(p => p.Key).ToList();
        var declared = infra.RequireMain().Parameters;

        Assert.All(given, name => Assert.True(declared.ContainsKey(name), $"main.parameters.json sets {name}, which main.bicep does not declare."));
        Assert.All(
            declared.Where(p => p.Value!["defaultValue"] is null).Select(p => p.Key),
            name => Assert.Contains(name, given));
        Assert.Contains("environmentName", given);
    }

    [Fact]
    public void MainParameters_AzdEnvironment_NamesAndPlacesEverything()
    {
        var parameters = JsonNode.Parse(Repository.ReadText("infra/main.parameters.json"))!["parameters"]!;

        Assert.Equal("${AZURE_ENV_NAME}", (string?)parameters["environmentName"]!["value"]);
        Assert.Equal("${AZURE_LOCATION}", (string?)parameters["location"]!["value"]);
        Assert.Equal("${AZURE_PRINCIPAL_ID}", (string?)parameters["principalId"]!["value"]);
    }

    [Fact]
    public void MainParameters_DeployerConfigVaultAccess_IsAnAzdValueOffUnlessSet()
    {
        var parameters = JsonNode.Parse(Repository.ReadText("infra/main.parameters.json"))!["parameters"]!;

        Assert.Equal("${GRANT_DEPLOYER_CONFIG_VAULT_ACCESS=false}", (string?)parameters["grantDeployerConfigVaultAccess"]?["value"]);
    }

    [Fact]
    public void Main_ResourceToken_IsUniqueStringOfSubscriptionEnvironmentAndLocation()
    {
        Assert.Equal(
            "[toLower(uniqueString(subscription().id, parameters('environmentName'), parameters('location')))]",
            (string?)infra.RequireMain().Root["variables"]!["resourceToken"]);
        Assert.Contains("subscriptionDeploymentTemplate.json", (string?)infra.RequireMain().Root["$schema"], StringComparison.Ordinal);
    }
}
