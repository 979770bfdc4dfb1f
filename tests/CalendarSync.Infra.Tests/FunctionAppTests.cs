using System.Text.Json.Nodes;

namespace CalendarSync.Infra.Tests;

public sealed class FunctionAppTests(CompiledInfra infra)
{
    private ArmResource Site => infra.RequireMain().Single("Microsoft.Web/sites");

    private JsonObject FunctionAppConfig => Site.Properties["functionAppConfig"]!.AsObject();

    [Fact]
    public void Plan_Sku_IsFlexConsumption()
    {
        var plan = infra.RequireMain().Single("Microsoft.Web/serverfarms");

        Assert.Equal("FC1", (string?)plan.Json["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan.Json["sku"]!["tier"]);
        Assert.True((bool?)plan.Properties["reserved"], "Flex Consumption plans are Linux plans (reserved: true).");
    }

    [Fact]
    public void FunctionApp_Runtime_IsDotnetIsolated10()
    {
        Assert.Equal("dotnet-isolated", (string?)FunctionAppConfig["runtime"]!["name"]);
        Assert.Equal("10.0", (string?)FunctionAppConfig["runtime"]!["version"]);
        Assert.Equal("functionapp,linux", (string?)Site.Json["kind"]);
    }

    [Fact]
    public void FunctionApp_Identity_IsUserAssignedAndUsedForKeyVaultReferences()
    {
        Assert.Equal("UserAssigned", (string?)Site.Json["identity"]!["type"]);
        Assert.Equal("[parameters('identityId')]", (string?)Site.Properties["keyVaultReferenceIdentity"]);
        Assert.True((bool?)Site.Properties["httpsOnly"]);
    }

    [Fact]
    public void FunctionApp_BasicAuthPublishing_IsOffForFtpAndScm()
    {
        var policies = infra.RequireMain().OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies")
            .ToDictionary(p => p.Name, p => (bool?)p.Properties["allow"]);

        Assert.Equal(2, policies.Count);
        Assert.False(policies["[format('{0}/{1}', parameters('name'), 'ftp')]"]);
        Assert.False(policies["[format('{0}/{1}', parameters('name'), 'scm')]"]);
    }

    [Fact]
    public void FunctionApp_DeploymentStorage_IsABlobContainerReachedThroughTheIdentity()
    {
        var storage = FunctionAppConfig["deployment"]!["storage"]!;

        Assert.Equal("blobContainer", (string?)storage["type"]);
        Assert.Contains("parameters('deploymentContainerName')", (string?)storage["value"], StringComparison.Ordinal);
        Assert.Equal("UserAssignedIdentity", (string?)storage["authentication"]!["type"]);
        Assert.Equal("[parameters('identityId')]", (string?)storage["authentication"]!["userAssignedIdentityResourceId"]);
    }

    [Fact]
    public void FunctionApp_ScaleSettings_ComeFromParameters()
    {
        var scale = FunctionAppConfig["scaleAndConcurrency"]!;

        Assert.Equal("[parameters('maximumInstanceCount')]", (string?)scale["maximumInstanceCount"]);
        Assert.Equal("[parameters('instanceMemoryMB')]", (string?)scale["instanceMemoryMB"]);
        Assert.Contains("alwaysReady", (string?)scale["alwaysReady"], StringComparison.Ordinal);
        Assert.All(
            ["maximumInstanceCount", "instanceMemoryMB", "alwaysReadyHttpInstances", "alwaysReadySyncInstances"],
            name => Assert.True(infra.RequireMain().Parameters.ContainsKey(name), $"main.bicep has no parameter {name}."));
    }

    [Fact]
    public void FunctionApp_Tags_NameTheAzdServiceApi()
    {
        Assert.Contains("'azd-service-name', parameters('serviceName')", (string?)Site.Json["tags"], StringComparison.Ordinal);
        Assert.Equal("api", (string?)Site.Parameter("serviceName")["defaultValue"]);
    }
}
