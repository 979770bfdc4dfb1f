using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CalendarSync.Infra.Tests;

public sealed partial class AppSettingsTests(CompiledInfra infra, EvaluatedSettings evaluated)
{
    // Keys of local.settings.sample.json that production does not take as they stand: the storage
    // connection string becomes the identity-based AzureWebJobsStorage__* settings, Flex
    // Consumption takes the worker runtime from functionAppConfig and rejects the setting, and
    // Serve__* configure `calsync serve`, which only runs locally.
    private static readonly string[] LocalOnlyKeys = ["AzureWebJobsStorage", "FUNCTIONS_WORKER_RUNTIME"];

    private static readonly string[] LocalOnlyPrefixes = ["Serve__"];

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

    // The default shape (Table Storage, no operator sign-in), evaluated from infra/app/settings.bicep.
    private IReadOnlyDictionary<string, string> Settings => evaluated.AppSettings(Shape.Default);

    private string AppSettingsExpression =>
        (string)infra.RequireMain()
            .OfType("Microsoft.Web/sites/config")
            .Single(c => c.Name.EndsWith("'appsettings')]", StringComparison.Ordinal))
            .Json["properties"]!;

    [Fact]
    public void AppSettings_EveryProductionKeyOfLocalSettingsSample_IsSetInSomeShape()
    {
        // AppointmentData__* exist only with PostgreSQL; every other key in every shape.
        var everything = evaluated.AppSettings(Shape.PostgreSqlAndOperatorSignIn).Keys;
        var sample = JsonNode.Parse(Repository.ReadText("local.settings.sample.json"))!["Values"]!.AsObject().Select(p => p.Key)
            .Except(LocalOnlyKeys)
            .Where(key => !LocalOnlyPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal)))
            .ToList();
        var missing = sample.Except(everything).ToList();
        var missingByDefault = sample.Where(key => !key.StartsWith("AppointmentData__", StringComparison.Ordinal)).Except(Settings.Keys).ToList();

        Assert.True(missing.Count == 0, $"No app setting in infra/app/settings.bicep for: {string.Join(", ", missing)}");
        Assert.True(missingByDefault.Count == 0, $"Not set in the default shape: {string.Join(", ", missingByDefault)}");
    }

    [Fact]
    public void FunctionApp_AppSettings_AreSettingsBicepsFunctionOfTheDeploymentsValues()
    {
        var expression = AppSettingsExpression;

        Assert.StartsWith("[__bicep.appSettings(createObject(", expression, StringComparison.Ordinal);
        Assert.All(
            [
                "'identityClientId', parameters('identityClientId')",
                "'blobServiceUri', reference('storage').primaryEndpoints.blob",
                "'queueServiceUri', reference('storage').primaryEndpoints.queue",
                "'tableServiceUri', reference('storage').primaryEndpoints.table",
                "'applicationInsightsConnectionString', parameters('applicationInsightsConnectionString')",
                "'hostName', reference('functionApp').defaultHostName",
                "'googleClientId', parameters('googleClientId')",
                "'enablePushNotifications', parameters('enablePushNotifications')",
                "'syncSchedule', parameters('syncSchedule')",
                "'businessTimeZone', parameters('businessTimeZone')",
                "'conflictPolicy', parameters('conflictPolicy')",
                "'tokensKeyVaultUri', parameters('tokensKeyVaultUri')",
                "'configKeyVaultUri', parameters('configKeyVaultUri')",
                "'googleClientSecretName', parameters('googleClientSecretName')",
                "'oauthStateSigningKeysSecretName', parameters('oauthStateSigningKeysSecretName')",
                "'appointmentData', createObject('provider', parameters('appointmentDataProvider'), 'host', parameters('postgreSqlHost'), 'database', parameters('postgreSqlDatabaseName'), 'username', parameters('postgreSqlUserName'))",
                "'operator', variables('operator')",
            ],
            part => Assert.Contains(part, expression, StringComparison.Ordinal));
        Assert.Equal(
            EvaluatedSettings.AppInputs(Shape.Default).Select(p => p.Key).Order(StringComparer.Ordinal),
            InputNames().Matches(expression).Select(m => m.Groups["name"].Value).Where(n => n is not ("provider" or "host" or "database" or "username")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AppSettings_Storage_IsIdentityBasedWithNoConnectionString()
    {
        var settings = Settings;

        Assert.All(IdentityStorageKeys, key => Assert.True(settings.ContainsKey(key), $"{key} is not set."));
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("<identityClientId>", settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal("https://<storage>.blob.core.windows.net/", settings["AzureWebJobsStorage__blobServiceUri"]);
        Assert.Equal("https://<storage>.queue.core.windows.net/", settings["AzureWebJobsStorage__queueServiceUri"]);
        Assert.Equal("https://<storage>.table.core.windows.net/", settings["AzureWebJobsStorage__tableServiceUri"]);
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
        Assert.Equal("@Microsoft.KeyVault(SecretUri=https://kv-cfg-token.vault.azure.net/secrets/google-client-secret/)", Settings["Google__ClientSecret"]);
        Assert.Equal("@Microsoft.KeyVault(SecretUri=https://kv-cfg-token.vault.azure.net/secrets/oauth-state-signing-keys/)", Settings["OAuthState__SigningKeys"]);
    }

    [Fact]
    public void AppSettings_RefreshTokens_GoToTheTokensVault()
    {
        Assert.Equal("https://kv-token.vault.azure.net/", Settings["KeyVault__VaultUri"]);
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

        Assert.Equal("https://func-calsync-token.azurewebsites.net/api/calendar/oauth/callback", settings["Google__RedirectUri"]);
        Assert.Equal("https://func-calsync-token.azurewebsites.net/api/calendar/notifications", settings["Google__NotificationUri"]);
        // Empty turns push notifications off.
        Assert.Equal("", evaluated.AppSettings(Shape.PushNotificationsOff)["Google__NotificationUri"]);
    }

    [Fact]
    public void AppSettings_ApplicationInsights_SendsThroughTheIdentity()
    {
        Assert.Equal("Authorization=AAD;ClientId=<identityClientId>", Settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.Equal("<applicationInsightsConnectionString>", Settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        Assert.Equal("<identityClientId>", Settings["AZURE_CLIENT_ID"]);
    }

    [Fact]
    public void AppSettings_Environment_IsNotDevelopment()
    {
        // Development turns on the local token store that must never run in Azure.
        Assert.Equal("Production", Settings["AZURE_FUNCTIONS_ENVIRONMENT"]);
        Assert.NotEqual("", Settings["KeyVault__VaultUri"]);
    }

    // The keys of createObject('key', value, ...): a quoted name right after "createObject(" or ", ".
    [GeneratedRegex(@"(?:createObject\(|, )'(?<name>\w+)', ")]
    private static partial Regex InputNames();
}
