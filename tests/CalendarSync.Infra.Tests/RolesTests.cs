using System.Text.RegularExpressions;

namespace CalendarSync.Infra.Tests;

public sealed partial class RolesTests(CompiledInfra infra)
{
    // Built-in role ids and their names, as Azure defines them.
    private static readonly Dictionary<string, string> KnownRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["b86a8fe4-44ce-4948-aee5-eccb2c155cd7"] = "Key Vault Secrets Officer",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
        ["3913510d-42f4-4e42-8a11-d3ab9e7d2b2d"] = "Monitoring Metrics Publisher",
    };

    // Scope (resource type and the roles.bicep parameter naming it): role. Only the tokens vault is
    // writable; the configuration vault is read-only to the app.
    private static readonly string[] AppRoles =
    [
        "Microsoft.Storage/storageAccounts(storageAccountName): Storage Blob Data Owner",
        "Microsoft.Storage/storageAccounts(storageAccountName): Storage Queue Data Contributor",
        "Microsoft.Storage/storageAccounts(storageAccountName): Storage Table Data Contributor",
        "Microsoft.KeyVault/vaults(tokensKeyVaultName): Key Vault Secrets Officer",
        "Microsoft.KeyVault/vaults(configKeyVaultName): Key Vault Secrets User",
        "Microsoft.Insights/components(applicationInsightsName): Monitoring Metrics Publisher",
    ];

    private IReadOnlyList<ArmResource> Assignments => infra.RequireMain().OfType("Microsoft.Authorization/roleAssignments");

    [Fact]
    public void RoleAssignments_Names_AreGuidOfScopePrincipalAndRole()
    {
        Assert.NotEmpty(Assignments);
        Assert.All(Assignments, a =>
        {
            var name = GuidName().Match(a.Name);
            Assert.True(name.Success, $"Role assignment name {a.Name} is not guid(scope.id, principalId, roleId).");
            Assert.Equal((string?)a.Json["scope"], $"[{name.Groups["scope"].Value}]");
            Assert.Equal((string?)a.Properties["principalId"], $"[{name.Groups["principal"].Value}]");
            Assert.EndsWith($", {name.Groups["role"].Value})]", (string?)a.Properties["roleDefinitionId"], StringComparison.Ordinal);
        });
    }

    [Fact]
    public void RoleAssignments_AppIdentity_HoldsExactlyTheRolesItNeeds()
    {
        var held = Assignments
            .Where(a => (string?)a.Properties["principalId"] == "[parameters('appPrincipalId')]")
            .SelectMany(a => RolesOf(a).Select(role => $"{Scope(a)}: {role}"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(AppRoles.Order(StringComparer.Ordinal), held);
    }

    private IReadOnlyList<ArmResource> UserAssignments =>
        Assignments.Where(a => (string?)a.Properties["principalId"] == "[parameters('userPrincipalId')]").ToList();

    [Fact]
    public void RoleAssignments_DeployingUserOnStorage_OnlyWhenAPrincipalIdIsGiven()
    {
        var onStorage = UserAssignments.Where(a => Scope(a) == "Microsoft.Storage/storageAccounts(storageAccountName)").ToList();

        Assert.NotEmpty(onStorage);
        Assert.All(onStorage, a => Assert.Equal("[not(empty(parameters('userPrincipalId')))]", (string?)a.Json["condition"]));
    }

    [Fact]
    public void RoleAssignments_DeployingUserOnConfigVault_OnlyWhenGrantedForSetup()
    {
        var onVaults = UserAssignments.Where(a => Scope(a).StartsWith("Microsoft.KeyVault/vaults", StringComparison.Ordinal)).ToList();
        var main = infra.RequireMain();

        var granted = Assert.Single(onVaults);
        Assert.Equal("Microsoft.KeyVault/vaults(configKeyVaultName)", Scope(granted));
        Assert.Equal(["Key Vault Secrets Officer"], RolesOf(granted));
        Assert.Equal("[and(not(empty(parameters('userPrincipalId'))), parameters('grantUserConfigVaultAccess'))]", (string?)granted.Json["condition"]);
        Assert.False((bool?)granted.Parameter("grantUserConfigVaultAccess")["defaultValue"]);
        Assert.False((bool?)main.Parameters["grantDeployerConfigVaultAccess"]!["defaultValue"]);
        Assert.Equal("[parameters('grantDeployerConfigVaultAccess')]", (string?)main.Module("roles").Properties["parameters"]!["grantUserConfigVaultAccess"]!["value"]);
    }

    [Fact]
    public void RoleAssignments_TokensVault_OnlyTheAppsIdentityHoldsARole()
    {
        var onTokens = Assignments.Where(a => Scope(a) == "Microsoft.KeyVault/vaults(tokensKeyVaultName)").ToList();

        Assert.NotEmpty(onTokens);
        Assert.All(onTokens, a => Assert.Equal("[parameters('appPrincipalId')]", (string?)a.Properties["principalId"]));
    }

    [Fact]
    public void RolesSource_EveryRoleId_IsNamedInAComment()
    {
        var lines = Directory.EnumerateFiles(Repository.Infra, "*.bicep", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadLines(f).Select(line => (File: Path.GetFileName(f), Line: line)))
            .Select(l => (l.File, l.Line, Id: RoleId().Match(l.Line)))
            .Where(l => l.Id.Success)
            .ToList();

        Assert.NotEmpty(lines);
        Assert.All(lines, l =>
        {
            Assert.True(KnownRoles.TryGetValue(l.Id.Value, out var role), $"{l.File}: unknown role id {l.Id.Value}.");
            Assert.True(l.Line.Contains($"// {role}", StringComparison.Ordinal), $"{l.File}: '{l.Line.Trim()}' does not name {role} in a comment.");
        });
    }

    private static string Scope(ArmResource assignment)
    {
        var scope = ScopeResource().Match((string)assignment.Json["scope"]!);
        return $"{scope.Groups["type"].Value}({scope.Groups["name"].Value})";
    }

    private static IEnumerable<string> RolesOf(ArmResource assignment)
    {
        var definition = RoleDefinition().Match((string)assignment.Properties["roleDefinitionId"]!);
        Assert.True(definition.Success, $"roleDefinitionId of {assignment.Name} is not a subscriptionResourceId of a role definition.");
        return assignment.Resolve(definition.Groups["role"].Value).Select(id => KnownRoles.GetValueOrDefault(id, id));
    }

    [GeneratedRegex(@"^\[guid\((?<scope>resourceId\('[^']+', parameters\('\w+'\)\)), (?<principal>parameters\('\w+'\)), (?<role>.+)\)\]$")]
    private static partial Regex GuidName();

    [GeneratedRegex(@"^\[subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions', (?<role>.+)\)\]$")]
    private static partial Regex RoleDefinition();

    [GeneratedRegex(@"^\[?resourceId\('(?<type>[^']+)', parameters\('(?<name>\w+)'\)\)")]
    private static partial Regex ScopeResource();

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex RoleId();
}
