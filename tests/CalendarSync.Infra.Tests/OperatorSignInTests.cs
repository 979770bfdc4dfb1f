using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CalendarSync.Infra.Tests;

public sealed partial class OperatorSignInTests(CompiledInfra infra, EvaluatedSettings evaluated)
{
    private static readonly Shape[] SignedIn = [Shape.OperatorSignIn, Shape.PostgreSqlAndOperatorSignIn];

    private static readonly Shape[] NotSignedIn = [Shape.Default, Shape.PostgreSql, Shape.OperatorClientIdWithoutGroup, Shape.OperatorGroupWithoutClientId, Shape.PushNotificationsOff];

    private ArmTemplate Function => infra.RequireMain().ModuleTemplate("function");

    [Fact]
    public void Main_OperatorValues_AreEmptyByDefaultAndAzdValues()
    {
        var main = infra.RequireMain();
        var azd = JsonNode.Parse(Repository.ReadText("infra/main.parameters.json"))!["parameters"]!;
        var passed = main.Module("function").Properties["parameters"]!;

        Assert.Equal("", (string?)main.Parameters["operatorClientId"]!["defaultValue"]);
        Assert.Equal("", (string?)main.Parameters["operatorAllowedGroupId"]!["defaultValue"]);
        Assert.Equal("${OPERATOR_CLIENT_ID=}", (string?)azd["operatorClientId"]?["value"]);
        Assert.Equal("${OPERATOR_ALLOWED_GROUP_ID=}", (string?)azd["operatorAllowedGroupId"]?["value"]);
        Assert.Equal("[parameters('operatorClientId')]", (string?)passed["operatorClientId"]!["value"]);
        Assert.Equal("[parameters('operatorAllowedGroupId')]", (string?)passed["operatorAllowedGroupId"]!["value"]);
    }

    [Fact]
    public void FunctionApp_AuthSettings_AreSettingsBicepsFunctionOfTheOperatorValuesAndTheTenant()
    {
        var auth = Function.OfType("Microsoft.Web/sites/config").Single(c => c.Name.EndsWith("'authsettingsV2')]", StringComparison.Ordinal));
        var operatorValues = Function.Root["variables"]!["operator"]!;

        Assert.Equal(
            "[__bicep.authSettings(variables('operator'), format('{0}{1}/v2.0', environment().authentication.loginEndpoint, tenant().tenantId))]",
            (string?)auth.Json["properties"]);
        Assert.Null(auth.Json["condition"]);
        Assert.Equal("[parameters('operatorClientId')]", (string?)operatorValues["clientId"]);
        Assert.Equal("[parameters('operatorAllowedGroupId')]", (string?)operatorValues["allowedGroupId"]);
        // The app settings see the same operator values, so sign-in and Operator__SignIn cannot disagree.
        Assert.Contains("'operator', variables('operator')", (string?)Function.OfType("Microsoft.Web/sites/config").Single(c => c.Name.EndsWith("'appsettings')]", StringComparison.Ordinal)).Json["properties"], StringComparison.Ordinal);
    }

    [Fact]
    public void AuthSettings_SignedIn_EntraIdOfTheTenantWithTheAllowedGroupAndNoSecret()
    {
        Assert.All(SignedIn, shape =>
        {
            var auth = evaluated.AuthSettings(shape);
            var entra = auth["identityProviders"]!["azureActiveDirectory"]!;

            Assert.True((bool?)auth["platform"]!["enabled"]);
            Assert.True((bool?)entra["enabled"]);
            Assert.Equal(EvaluatedSettings.OperatorClientId, (string?)entra["registration"]!["clientId"]);
            Assert.Equal(EvaluatedSettings.Issuer, (string?)entra["registration"]!["openIdIssuer"]);
            Assert.Null(entra["registration"]!["clientSecretSettingName"]);
            Assert.Equal([EvaluatedSettings.OperatorClientId], entra["validation"]!["allowedAudiences"]!.AsArray().Select(a => (string?)a));
            Assert.Equal([EvaluatedSettings.OperatorGroupId], entra["validation"]!["defaultAuthorizationPolicy"]!["allowedPrincipals"]!["groups"]!.AsArray().Select(g => (string?)g));
            Assert.True((bool?)auth["httpSettings"]!["requireHttps"]);
        });
    }

    [Fact]
    public void AuthSettings_NotSignedIn_AreOffWithNoProvider()
    {
        Assert.All(NotSignedIn, shape =>
        {
            var auth = evaluated.AuthSettings(shape);

            Assert.False((bool?)auth["platform"]!["enabled"], $"{shape}");
            Assert.Empty(auth["identityProviders"]!.AsObject());
        });
    }

    [Fact]
    public void AuthSettings_EveryRouteOfTheFunctionApp_IsReachableWithoutSigningIn()
    {
        var routes = HttpRoutes();

        // The routes that must stay anonymous are there, so this test checks something.
        Assert.Contains(("Anonymous", "calendar/connect"), routes);
        Assert.Contains(("Anonymous", "calendar/oauth/callback"), routes);
        Assert.Contains(("Anonymous", "calendar/notifications"), routes);
        Assert.Contains(routes, r => r.Level == "Function" && r.Route.StartsWith("staff/", StringComparison.Ordinal));
        Assert.All(Enum.GetValues<Shape>(), shape =>
        {
            var auth = evaluated.AuthSettings(shape);
            Assert.All(routes, r => Assert.False(RequiresSignIn(auth, $"/api/{r.Route}"), $"{shape}: /api/{r.Route} ({r.Level}) would need a signed-in user."));
            Assert.Equal("AllowAnonymous", (string?)auth["globalValidation"]!["unauthenticatedClientAction"]);
        });
        // App Service authentication owns /.auth/*; no function may sit there.
        Assert.DoesNotContain(routes, r => r.Route.StartsWith(".auth", StringComparison.Ordinal));
    }

    [Fact]
    public void AppSettings_SignedIn_EntraIdWithTheAllowedGroup()
    {
        Assert.All(SignedIn, shape =>
        {
            var settings = evaluated.AppSettings(shape);

            Assert.Equal("EntraId", settings["Operator__SignIn"]);
            Assert.Equal(EvaluatedSettings.OperatorGroupId, settings["Operator__AllowedGroupId"]);
        });
    }

    [Fact]
    public void AppSettings_NotSignedIn_OperatorPagesOff()
    {
        Assert.All(NotSignedIn, shape =>
        {
            var settings = evaluated.AppSettings(shape);

            Assert.Equal("Off", settings["Operator__SignIn"]);
            Assert.False(settings.ContainsKey("Operator__AllowedGroupId"), $"{shape}");
        });
    }

    [Fact]
    public void AppSettings_OperatorSignIn_IsEntraIdExactlyWhenAppServiceAuthenticationIsOn()
    {
        // EntraId trusts X-MS-CLIENT-PRINCIPAL, which only App Service authentication vouches for.
        Assert.All(Enum.GetValues<Shape>(), shape => Assert.Equal(
            (bool)evaluated.AuthSettings(shape)["platform"]!["enabled"]!,
            evaluated.AppSettings(shape)["Operator__SignIn"] == "EntraId"));
    }

    [Fact]
    public void Main_Outputs_TheRedirectUriOfTheOperatorsAppRegistration()
    {
        var output = infra.RequireMain().Root["outputs"]!["OPERATOR_SIGN_IN_REDIRECT_URI"]!;

        Assert.StartsWith("[format('https://{0}/.auth/login/aad/callback', reference(", (string?)output["value"], StringComparison.Ordinal);
        Assert.EndsWith(".outputs.defaultHostName.value)]", (string?)output["value"], StringComparison.Ordinal);
    }

    // Whether App Service authentication with these settings turns an anonymous request to path away
    // (redirects it to sign-in or answers 401) instead of passing it to the function.
    private static bool RequiresSignIn(JsonObject auth, string path)
    {
        if ((bool?)auth["platform"]?["enabled"] != true)
        {
            return false;
        }

        var global = auth["globalValidation"];
        var excluded = global?["excludedPaths"]?.AsArray().Select(p => (string)p!) ?? [];
        // Read strictly: the portal's "allow unauthenticated access" sets both, and either alone is not relied on.
        var passesAnonymous = (bool?)global?["requireAuthentication"] == false && (string?)global?["unauthenticatedClientAction"] == "AllowAnonymous";
        return !passesAnonymous && !excluded.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase));
    }

    // Every HTTP trigger of src/CalendarSync.Functions: its auth level and route.
    private static List<(string Level, string Route)> HttpRoutes() =>
        Directory.EnumerateFiles(Path.Combine(Repository.Root, "src", "CalendarSync.Functions"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => HttpTrigger().Matches(File.ReadAllText(f)))
            .Select(m => (m.Groups["level"].Value, m.Groups["route"].Value))
            .ToList();

    [GeneratedRegex(@"\[HttpTrigger\(AuthorizationLevel\.(?<level>\w+)[^\]]*?Route\s*=\s*""(?<route>[^""]*)""")]
    private static partial Regex HttpTrigger();
}
