using System.Text.Json.Nodes;

namespace CalendarSync.Infra.Tests;

public sealed class PostgreSqlTests(CompiledInfra infra, EvaluatedSettings evaluated)
{
    private const string ServerType = "Microsoft.DBforPostgreSQL/flexibleServers";

    private ArmTemplate Module => infra.RequireMain().ModuleTemplate("postgresql");

    private ArmResource Server => Module.Single(ServerType);

    private JsonNode ModuleParameters => infra.RequireMain().Module("postgresql").Properties["parameters"]!;

    private JsonNode FunctionParameters => infra.RequireMain().Module("function").Properties["parameters"]!;

    [Fact]
    public void Main_AppointmentDataProvider_IsTableStorageByDefaultAndAnAzdValue()
    {
        var parameter = infra.RequireMain().Parameters["appointmentDataProvider"]!;
        var azdValue = JsonNode.Parse(Repository.ReadText("infra/main.parameters.json"))!["parameters"]!["appointmentDataProvider"]?["value"];

        Assert.Equal(["TableStorage", "PostgreSql"], parameter["allowedValues"]!.AsArray().Select(v => (string?)v));
        Assert.Equal("TableStorage", (string?)parameter["defaultValue"]);
        Assert.Equal("${APPOINTMENT_DATA_PROVIDER=TableStorage}", (string?)azdValue);
        Assert.Equal("[parameters('appointmentDataProvider')]", (string?)FunctionParameters["appointmentDataProvider"]!["value"]);
    }

    [Fact]
    public void PostgreSqlModule_Condition_IsExactlyTheProviderPostgreSql()
    {
        var main = infra.RequireMain();

        Assert.Equal("[variables('postgreSql')]", (string?)main.Module("postgresql").Json["condition"]);
        Assert.Equal("[equals(parameters('appointmentDataProvider'), 'PostgreSql')]", (string?)main.Root["variables"]!["postgreSql"]);
        // Nothing of PostgreSQL outside the module, so the default shape deploys none of it.
        Assert.Equal(
            Module.Resources.Count(r => r.Type.StartsWith(ServerType, StringComparison.Ordinal)),
            main.Resources.Count(r => r.Type.StartsWith(ServerType, StringComparison.Ordinal)));
    }

    [Fact]
    public void Server_Authentication_IsMicrosoftEntraIdOnly()
    {
        var auth = Server.Properties["authConfig"]!;

        Assert.Equal("Enabled", (string?)auth["activeDirectoryAuth"]);
        Assert.Equal("Disabled", (string?)auth["passwordAuth"]);
        Assert.Equal("[tenant().tenantId]", (string?)auth["tenantId"]);
        Assert.Null(Server.Properties["administratorLogin"]);
        Assert.Null(Server.Properties["administratorLoginPassword"]);
    }

    [Fact]
    public void Templates_Password_IsNowhereButInTurningPasswordsOff()
    {
        var mentions = PasswordMentions(JsonNode.Parse(infra.MainJson), "$").ToList();

        var mention = Assert.Single(mentions);
        Assert.EndsWith(".properties.authConfig.passwordAuth = \"Disabled\"", mention, StringComparison.Ordinal);
        Assert.DoesNotContain("securestring", infra.MainJson, StringComparison.OrdinalIgnoreCase);
        Assert.All(Enum.GetValues<Shape>(), shape => Assert.DoesNotContain(
            evaluated.AppSettings(shape),
            s => s.Value.Contains("password", StringComparison.OrdinalIgnoreCase) || s.Key.Contains("password", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Server_EntraAdministrator_IsTheAppsIdentityAsAServicePrincipal()
    {
        var administrator = Module.Single($"{ServerType}/administrators");

        Assert.Equal("[format('{0}/{1}', parameters('name'), parameters('appPrincipalId'))]", administrator.Name);
        Assert.Equal("ServicePrincipal", (string?)administrator.Properties["principalType"]);
        Assert.Equal("[parameters('appIdentityName')]", (string?)administrator.Properties["principalName"]);
        Assert.EndsWith("'identity'), '2025-04-01').outputs.principalId.value]", (string?)ModuleParameters["appPrincipalId"]!["value"], StringComparison.Ordinal);
        Assert.Equal("[variables('names').identity]", (string?)ModuleParameters["appIdentityName"]!["value"]);
        // The role the administrator gets is the identity's name, which is the connection string's user name.
        Assert.Equal("[if(variables('postgreSql'), createObject('value', variables('names').identity), createObject('value', ''))]", (string?)FunctionParameters["postgreSqlUserName"]);
    }

    [Fact]
    public void Server_Tls_IsRequiredAtVersion12OrNewer()
    {
        var configurations = Module.OfType($"{ServerType}/configurations")
            .ToDictionary(c => c.Name, c => (string?)c.Properties["value"]);

        Assert.Equal("on", configurations["[format('{0}/{1}', parameters('name'), 'require_secure_transport')]"]);
        Assert.Equal("TLSv1.2", configurations["[format('{0}/{1}', parameters('name'), 'ssl_min_protocol_version')]"]);
    }

    [Fact]
    public void Server_ChildChanges_RunOneAfterAnother()
    {
        // A flexible server refuses a second change while one runs (administrator, settings, database, firewall).
        var children = Module.Resources.Where(r => r.Type.StartsWith($"{ServerType}/", StringComparison.Ordinal)).ToList();
        var dependsOnSibling = children.Count(c => c.Json["dependsOn"]!.AsArray().Any(d => ((string)d!).StartsWith($"[resourceId('{ServerType}/", StringComparison.Ordinal)));

        Assert.Equal(5, children.Count);
        Assert.Equal(children.Count - 1, dependsOnSibling);
    }

    [Fact]
    public void Server_SkuStorageAndBackups_AreSmallAndRecoverable()
    {
        Assert.Equal("Standard_B1ms", (string?)Server.Parameter("skuName")["defaultValue"]);
        Assert.Equal("Burstable", (string?)Server.Parameter("skuTier")["defaultValue"]);
        Assert.Equal(32, (int?)Server.Parameter("storageSizeGB")["defaultValue"]);
        Assert.Equal("Enabled", (string?)Server.Properties["storage"]!["autoGrow"]);
        Assert.Equal("[parameters('backupRetentionDays')]", (string?)Server.Properties["backup"]!["backupRetentionDays"]);
        Assert.True((int?)Server.Parameter("backupRetentionDays")["defaultValue"] >= 7);
        Assert.Equal(7, (int?)Server.Parameter("backupRetentionDays")["minValue"]);
    }

    [Fact]
    public void Server_DiagnosticSettings_SendLogsAndMetricsToTheWorkspace()
    {
        var diagnostics = Module.Single("Microsoft.Insights/diagnosticSettings");

        Assert.Equal($"[resourceId('{ServerType}', parameters('name'))]", (string?)diagnostics.Json["scope"]);
        Assert.Equal("[parameters('logAnalyticsWorkspaceId')]", (string?)diagnostics.Properties["workspaceId"]);
        Assert.Equal("allLogs", (string?)diagnostics.Properties["logs"]![0]!["categoryGroup"]);
        Assert.True((bool?)diagnostics.Properties["logs"]![0]!["enabled"]);
        Assert.Equal("AllMetrics", (string?)diagnostics.Properties["metrics"]![0]!["category"]);
        Assert.EndsWith("'monitoring'), '2025-04-01').outputs.workspaceId.value]", (string?)ModuleParameters["logAnalyticsWorkspaceId"]!["value"], StringComparison.Ordinal);
    }

    [Fact]
    public void Server_PublicNetwork_IsOnlyAzureServicesAndFollowsPublicNetworkAccess()
    {
        var firewall = Module.Single($"{ServerType}/firewallRules");

        Assert.Equal("[parameters('publicNetworkAccess')]", (string?)Server.Properties["network"]!["publicNetworkAccess"]);
        Assert.Equal("[parameters('publicNetworkAccess')]", (string?)ModuleParameters["publicNetworkAccess"]!["value"]);
        Assert.Equal("[not(variables('privateNetwork'))]", (string?)firewall.Json["condition"]);
        Assert.Equal("0.0.0.0", (string?)firewall.Properties["startIpAddress"]);
        Assert.Equal("0.0.0.0", (string?)firewall.Properties["endIpAddress"]);
        Assert.Equal("[equals(parameters('publicNetworkAccess'), 'Disabled')]", (string?)Module.Root["variables"]!["privateNetwork"]);
    }

    [Fact]
    public void Server_PrivateNetwork_IsAPrivateEndpointInTheNetworksEndpointSubnetWithItsZone()
    {
        var endpoint = Module.Single("Microsoft.Network/privateEndpoints");
        var zone = Module.Single("Microsoft.Network/privateDnsZones");
        var link = Module.Single("Microsoft.Network/privateDnsZones/virtualNetworkLinks");
        var zoneGroup = Module.Single("Microsoft.Network/privateEndpoints/privateDnsZoneGroups");

        Assert.All([endpoint, zone, link, zoneGroup], r => Assert.Equal("[variables('privateNetwork')]", (string?)r.Json["condition"]));
        Assert.Equal(["postgresqlServer"], endpoint.Properties["privateLinkServiceConnections"]![0]!["properties"]!["groupIds"]!.AsArray().Select(g => (string?)g));
        Assert.Equal("[parameters('endpointSubnetId')]", (string?)endpoint.Properties["subnet"]!["id"]);
        Assert.Contains("'network'), '2025-04-01'), null()), 'outputs', 'endpointSubnetId', 'value'), '')]", (string?)ModuleParameters["endpointSubnetId"]!["value"], StringComparison.Ordinal);
        Assert.Equal("privatelink.postgres.database.azure.com", zone.Name);
        Assert.Equal("[resourceId('Microsoft.Network/virtualNetworks', parameters('virtualNetworkName'))]", (string?)link.Properties["virtualNetwork"]!["id"]);
        Assert.Equal("[if(variables('privateNetwork'), createObject('value', variables('names').virtualNetwork), createObject('value', ''))]", (string?)ModuleParameters["virtualNetworkName"]);
        Assert.Equal("[resourceId('Microsoft.Network/privateDnsZones', 'privatelink.postgres.database.azure.com')]", (string?)zoneGroup.Properties["privateDnsZoneConfigs"]![0]!["properties"]!["privateDnsZoneId"]);
    }

    [Fact]
    public void FunctionModule_HostAndDatabase_AreTheServersFqdnAndItsDatabase()
    {
        var database = Module.Single($"{ServerType}/databases");
        var outputs = infra.RequireMain().Module("postgresql").Properties["template"]!["outputs"]!;

        Assert.Equal("[format('{0}/{1}', parameters('name'), parameters('databaseName'))]", database.Name);
        Assert.Equal("calendarsync", (string?)database.Parameter("databaseName")["defaultValue"]);
        Assert.Equal("[parameters('databaseName')]", (string?)outputs["databaseName"]!["value"]);
        Assert.Equal($"[reference(resourceId('{ServerType}', parameters('name')), '2024-08-01').fullyQualifiedDomainName]", (string?)outputs["host"]!["value"]);
        Assert.EndsWith("'postgresql'), '2025-04-01'), null()), 'outputs', 'host', 'value'), '')]", (string?)FunctionParameters["postgreSqlHost"]!["value"], StringComparison.Ordinal);
        Assert.EndsWith("'postgresql'), '2025-04-01'), null()), 'outputs', 'databaseName', 'value'), '')]", (string?)FunctionParameters["postgreSqlDatabaseName"]!["value"], StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_PostgreSql_ConnectWithTheIdentityOverTlsAndMigrateOnStart()
    {
        var settings = evaluated.AppSettings(Shape.PostgreSql);

        Assert.Equal("PostgreSql", settings["AppointmentData__Provider"]);
        Assert.Equal(
            $"Host={EvaluatedSettings.PostgreSqlHost};Database={EvaluatedSettings.PostgreSqlDatabase};Username={EvaluatedSettings.PostgreSqlUserName};Ssl Mode=Require",
            settings["AppointmentData__ConnectionString"]);
        Assert.Equal("true", settings["AppointmentData__MigrateOnStart"]);
        // The token the app signs in with is the user-assigned identity's: DefaultAzureCredential picks it by this id.
        Assert.Equal("<identityClientId>", settings["AZURE_CLIENT_ID"]);
    }

    [Fact]
    public void AppSettings_TableStorage_HaveNoAppointmentDataSettings()
    {
        Assert.All(
            [Shape.Default, Shape.OperatorSignIn],
            shape => Assert.DoesNotContain(evaluated.AppSettings(shape).Keys, key => key.StartsWith("AppointmentData__", StringComparison.Ordinal)));
        Assert.Equal(
            evaluated.AppSettings(Shape.Default).Keys.Order(StringComparer.Ordinal),
            evaluated.AppSettings(Shape.PostgreSql).Keys.Where(k => !k.StartsWith("AppointmentData__", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    // Every property name or string value that says "password", as path = value.
    private static IEnumerable<string> PasswordMentions(JsonNode? node, string path) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Key.Contains("password", StringComparison.OrdinalIgnoreCase)
            ? [$"{path}.{p.Key} = {p.Value?.ToJsonString()}"]
            : PasswordMentions(p.Value, $"{path}.{p.Key}")),
        JsonArray array => array.SelectMany((item, i) => PasswordMentions(item, $"{path}[{i}]")),
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String && ((string)value!).Contains("password", StringComparison.OrdinalIgnoreCase) =>
            [$"{path} = {(string)value!}"],
        _ => [],
    };
}
