using System.Text.Json.Nodes;

namespace CalendarSync.Infra.Tests;

public sealed class AppSettingsTests(CompiledInfra infra)
{
    // Keys of local.settings.sample.json that production does not take as they stand: the storage
    // connection string becomes the identity-based AzureWebJobsStorage__* settings, and Flex
    // Consumption takes the worker runtime from functionAppConfig and rejects the setting.
    private static readonly string[] LocalOnlyKeys = ["AzureWebJobsStorage", "FUNCTIONS_WORKER_RUNTIME"];

    private static readonly string[] IdentityStorageKeys =
    [
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
    ];

    private static readonly string[] GoogleEndpointKeys =
    [
        "Google__ApiRootUri",
        "Google__AuthorizationEndpoint",
        "Google__TokenEndpoint",
        "Google__RevokeEndpoint",
    ];

    // App settings Flex Consumption does not accept: it configures these itself.
    private static readonly string[] FlexRejectedKeys =
    [
        "FUNCTIONS_EXTENSION_VERSION",
        "FUNCTIONS_WORKER_RUNTIME",
        "FUNCTIONS_WORKER_RUNTIME_VERSION",
        "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        "WEBSITE_CONTENTSHARE",
        "SCM_DO_BUILD_DURING_DEPLOYMENT",
    ];

    private IReadOnlyDictionary<string, string> Settings =>
        infra.RequireMain()
            .OfType("Microsoft.Web/sites/config")
            .Single(c => c.Name.EndsWith("'appsettings')]", StringComparison.Ordinal))
            .Properties
            .ToDictionary(p => p.Key, p => (string)p.Value!);

    [Fact]
    public void AppSettings_EveryProductionKeyOfLocalSettingsSample_IsSet()
    {
        var sample = JsonNode.Parse(Repository.ReadText("local.settings.sample.json"))!["Values"]!.AsObject().Select(p => p.Key);
        var missing = sample.Except(LocalOnlyKeys).Except(Settings.Keys).ToList();

        Assert.True(missing.Count == 0, $"No app setting in infra/app/function.bicep for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void AppSettings_Storage_IsIdentityBasedWithNoConnectionString()
    {
        var settings = Settings;

        Assert.All(IdentityStorageKeys, key => Assert.True(settings.ContainsKey(key), $"{key} is not set."));
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("[parameters('identityClientId')]", settings["AzureWebJobsStorage__clientId"]);
        Assert.EndsWith(".primaryEndpoints.blob]", settings["AzureWebJobsStorage__blobServiceUri"], StringComparison.Ordinal);
        Assert.EndsWith(".primaryEndpoints.queue]", settings["AzureWebJobsStorage__queueServiceUri"], StringComparison.Ordinal);
        Assert.EndsWith(".primaryEndpoints.table]", settings["AzureWebJobsStorage__tableServiceUri"], StringComparison.Ordinal);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.DoesNotContain(settings, s => s.Value.Contains("AccountKey", StringComparison.OrdinalIgnoreCase) || s.Value.Contains("listKeys", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void AppSettings_SettingsFlexConsumptionRejects_AreAbsent()
    {
        var settings = Settings;

        Assert.All(FlexRejectedKeys, key => Assert.False(settings.ContainsKey(key), $"Flex Consumption rejects the app setting {key}."));
    }

    [Fact]
    public void AppSettings_Secrets_AreReferencesToTheConfigurationVault()
    {
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0}secrets/{1}/)', parameters('configKeyVaultUri'), ", Settings["Google__ClientSecret"], StringComparison.Ordinal);
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0}secrets/{1}/)', parameters('configKeyVaultUri'), ", Settings["OAuthState__SigningKeys"], StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_RefreshTokens_GoToTheTokensVault()
    {
        Assert.Equal("[parameters('tokensKeyVaultUri')]", Settings["KeyVault__VaultUri"]);
    }

    [Fact]
    public void FunctionModule_VaultUris_ComeFromTheTokensAndTheConfigurationVaultModules()
    {
        var parameters = infra.RequireMain().Module("function").Properties["parameters"]!;

        Assert.Contains("'Microsoft.Resources/deployments', 'tokens-keyvault'), '", (string?)parameters["tokensKeyVaultUri"]!["value"], StringComparison.Ordinal);
        Assert.EndsWith(".outputs.uri.value]", (string?)parameters["tokensKeyVaultUri"]!["value"], StringComparison.Ordinal);
        Assert.Contains("'Microsoft.Resources/deployments', 'config-keyvault'), '", (string?)parameters["configKeyVaultUri"]!["value"], StringComparison.Ordinal);
        Assert.EndsWith(".outputs.uri.value]", (string?)parameters["configKeyVaultUri"]!["value"], StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_GoogleEndpoints_AreGooglesOwnOverHttps()
    {
        var settings = Settings;

        Assert.All(GoogleEndpointKeys, key =>
        {
            var uri = new Uri(settings[key]);
            Assert.Equal("https", uri.Scheme);
            Assert.True(uri.Host.EndsWith(".googleapis.com", StringComparison.Ordinal) || uri.Host == "accounts.google.com", $"{key} = {uri}");
        });
        Assert.Equal("https://www.googleapis.com/", settings["Google__ApiRootUri"]);
        Assert.Equal("https://oauth2.googleapis.com/token", settings["Google__TokenEndpoint"]);
    }

    [Fact]
    public void AppSettings_RedirectAndNotificationUris_AreBuiltFromTheAppsHostName()
    {
        var settings = Settings;

        Assert.StartsWith("[format('https://{0}/api/calendar/oauth/callback', reference(resourceId('Microsoft.Web/sites', parameters('name'))", settings["Google__RedirectUri"], StringComparison.Ordinal);
        Assert.EndsWith(".defaultHostName)]", settings["Google__RedirectUri"], StringComparison.Ordinal);
        Assert.StartsWith("[if(parameters('enablePushNotifications'), format('https://{0}/api/calendar/notifications', ", settings["Google__NotificationUri"], StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_ApplicationInsights_SendsThroughTheIdentity()
    {
        Assert.Equal("[format('Authorization=AAD;ClientId={0}', parameters('identityClientId'))]", Settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.Equal("[parameters('applicationInsightsConnectionString')]", Settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
    }

    [Fact]
    public void AppSettings_Environment_IsNotDevelopment()
    {
        // Development turns on the local token store that must never run in Azure.
        Assert.Equal("Production", Settings["AZURE_FUNCTIONS_ENVIRONMENT"]);
        Assert.NotEqual("", Settings["KeyVault__VaultUri"]);
    }
}
