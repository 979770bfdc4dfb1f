using System.Text.Json.Nodes;

namespace CalendarSync.Infra.Tests;

public sealed class NetworkTests(CompiledInfra infra)
{
    private const string EndpointSubnet = "[resourceId('Microsoft.Network/virtualNetworks/subnets', parameters('name'), variables('endpointSubnetName'))]";

    private ArmTemplate Network => infra.RequireMain().ModuleTemplate("network");

    private ArmResource Endpoint => Network.Single("Microsoft.Network/privateEndpoints");

    private IReadOnlyList<JsonObject> Endpoints => Endpoint.Variable("endpoints")!.AsArray().Select(e => e!.AsObject()).ToList();

    private List<string> Zones => Endpoint.Variable("zones")!.AsArray().Select(z => (string)z!).ToList();

    [Fact]
    public void Main_PublicNetworkAccess_IsEnabledOrDisabledAndAnAzdValue()
    {
        var main = infra.RequireMain();
        var parameter = main.Parameters["publicNetworkAccess"]!;
        var azdValue = JsonNode.Parse(Repository.ReadText("infra/main.parameters.json"))!["parameters"]!["publicNetworkAccess"]?["value"];

        Assert.Equal(["Enabled", "Disabled"], parameter["allowedValues"]!.AsArray().Select(v => (string?)v));
        Assert.Equal("Enabled", (string?)parameter["defaultValue"]);
        Assert.Equal("${PUBLIC_NETWORK_ACCESS=Enabled}", (string?)azdValue);
        Assert.All(
            ["storage", "tokens-keyvault", "config-keyvault"],
            module => Assert.Equal("[parameters('publicNetworkAccess')]", (string?)main.Module(module).Properties["parameters"]!["publicNetworkAccess"]?["value"]));
    }

    [Fact]
    public void NetworkModule_Condition_IsExactlyPublicNetworkAccessDisabled()
    {
        var main = infra.RequireMain();

        Assert.Equal("[variables('privateNetwork')]", (string?)main.Module("network").Json["condition"]);
        Assert.Equal("[equals(parameters('publicNetworkAccess'), 'Disabled')]", (string?)main.Root["variables"]!["privateNetwork"]);
    }

    [Fact]
    public void PrivateEndpoints_Targets_AreTheStoragesBlobQueueAndTableAndBothVaults()
    {
        var targets = Endpoints.Select(e => $"{e["targetType"]}({e["targetName"]}): {e["groupId"]}").Order(StringComparer.Ordinal);
        var parameters = infra.RequireMain().Module("network").Properties["parameters"]!;

        Assert.Equal(
            [
                "Microsoft.KeyVault/vaults([parameters('configKeyVaultName')]): vault",
                "Microsoft.KeyVault/vaults([parameters('tokensKeyVaultName')]): vault",
                "Microsoft.Storage/storageAccounts([parameters('storageAccountName')]): blob",
                "Microsoft.Storage/storageAccounts([parameters('storageAccountName')]): queue",
                "Microsoft.Storage/storageAccounts([parameters('storageAccountName')]): table",
            ],
            targets);
        Assert.Equal("[variables('names').storage]", (string?)parameters["storageAccountName"]!["value"]);
        Assert.Equal("[variables('names').tokensKeyVault]", (string?)parameters["tokensKeyVaultName"]!["value"]);
        Assert.Equal("[variables('names').configKeyVault]", (string?)parameters["configKeyVaultName"]!["value"]);
        Assert.Equal("[resourceId(variables('endpoints')[copyIndex()].targetType, variables('endpoints')[copyIndex()].targetName)]", (string?)Endpoint.Properties["privateLinkServiceConnections"]![0]!["properties"]!["privateLinkServiceId"]);
        Assert.Equal(EndpointSubnet, (string?)Endpoint.Properties["subnet"]!["id"]);
    }

    [Fact]
    public void PrivateEndpoints_DnsZones_ResolveEachServicesOwnHostName()
    {
        var zoneGroup = Network.Single("Microsoft.Network/privateEndpoints/privateDnsZoneGroups");
        var links = Network.Single("Microsoft.Network/privateDnsZones/virtualNetworkLinks");

        Assert.All(Endpoints, e =>
        {
            var zone = Zones[(int)e["zone"]!];
            var groupId = (string)e["groupId"]!;
            Assert.Contains(groupId == "vault" ? "'.vaultcore.'" : $"privatelink.{groupId}.", zone, StringComparison.Ordinal);
        });
        Assert.Equal(
            "[resourceId('Microsoft.Network/privateDnsZones', variables('zones')[variables('endpoints')[copyIndex()].zone])]",
            (string?)zoneGroup.Properties["privateDnsZoneConfigs"]![0]!["properties"]!["privateDnsZoneId"]);
        Assert.Equal("[resourceId('Microsoft.Network/virtualNetworks', parameters('name'))]", (string?)links.Properties["virtualNetwork"]!["id"]);
        Assert.False((bool?)links.Properties["registrationEnabled"]);
    }

    [Fact]
    public void VirtualNetwork_AppSubnet_IsDelegatedToFlexConsumptionAndApartFromTheEndpoints()
    {
        var network = Network.Single("Microsoft.Network/virtualNetworks");
        var subnets = network.Properties["subnets"]!.AsArray().ToDictionary(s => (string)s!["name"]!, s => s!["properties"]!);
        var app = subnets["[variables('appSubnetName')]"];
        var endpoints = subnets["[variables('endpointSubnetName')]"];

        Assert.Equal(2, subnets.Count);
        Assert.Equal("app", (string?)network.Variable("appSubnetName"));
        Assert.Equal("private-endpoints", (string?)network.Variable("endpointSubnetName"));
        Assert.Equal("Microsoft.App/environments", (string?)app["delegations"]![0]!["properties"]!["serviceName"]);
        Assert.True((bool?)app["defaultOutboundAccess"], "The app calls Google over the internet through this subnet.");
        Assert.Null(endpoints["delegations"]);
        Assert.NotEqual((string?)app["addressPrefix"], (string?)endpoints["addressPrefix"]);
    }

    [Fact]
    public void FunctionApp_VirtualNetworkSubnet_IsTheNetworksAppSubnetWhenThereIsOne()
    {
        var site = infra.RequireMain().Single("Microsoft.Web/sites");
        var passed = (string?)infra.RequireMain().Module("function").Properties["parameters"]!["virtualNetworkSubnetId"]!["value"];

        Assert.Equal("[if(empty(parameters('virtualNetworkSubnetId')), null(), parameters('virtualNetworkSubnetId'))]", (string?)site.Properties["virtualNetworkSubnetId"]);
        Assert.Contains("'Microsoft.Resources/deployments', 'network')", passed, StringComparison.Ordinal);
        Assert.Contains("'outputs', 'appSubnetId', 'value'), '')]", passed, StringComparison.Ordinal);
        Assert.Equal("[resourceId('Microsoft.Network/virtualNetworks/subnets', parameters('name'), variables('appSubnetName'))]", (string?)infra.RequireMain().Module("network").Properties["template"]!["outputs"]!["appSubnetId"]!["value"]);
    }
}
