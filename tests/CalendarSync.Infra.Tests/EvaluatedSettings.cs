using System.Text.Json.Nodes;

[assembly: AssemblyFixture(typeof(CalendarSync.Infra.Tests.EvaluatedSettings))]

namespace CalendarSync.Infra.Tests;

/// <summary>
/// infra/app/settings.bicep's functions evaluated by the Bicep CLI (<c>build-params</c>) for every shape of a
/// deployment, once per test run: what the function app's app settings and authsettingsV2 really are.
/// </summary>
public sealed class EvaluatedSettings : IAsyncLifetime
{
    internal const string PostgreSqlHost = "psql-calsync-token.postgres.database.azure.com";
    internal const string PostgreSqlDatabase = "calendarsync";
    internal const string PostgreSqlUserName = "id-calsync-token";
    internal const string OperatorClientId = "6f1e2c4a-0000-4000-8000-00000000c11d";
    internal const string OperatorGroupId = "0b5d9e7f-0000-4000-8000-0000000009a0";
    internal const string Issuer = "https://login.microsoftonline.com/tenant-id/v2.0";

    private readonly Dictionary<Shape, (JsonObject AppSettings, JsonObject AuthSettings)> _evaluated = [];

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        var settingsBicep = Path.Combine(Repository.Infra, "app", "settings.bicep");
        using var scratch = new ScratchInfra("", "evaluate.bicepparam");
        var lines = new List<string>
        {
            "using none",
            $"import {{ appSettings, authSettings }} from '{Path.GetRelativePath(scratch.Directory, settingsBicep)}'",
        };
        foreach (var shape in Enum.GetValues<Shape>())
        {
            lines.Add($"param {shape}App = appSettings(json('{BicepString(AppInputs(shape).ToJsonString())}'))");
            lines.Add($"param {shape}Auth = authSettings(json('{BicepString(OperatorInputs(shape).ToJsonString())}'), '{Issuer}')");
        }

        var file = Path.Combine(scratch.Directory, "evaluate.bicepparam");
        await File.WriteAllLinesAsync(file, lines, TestContext.Current.CancellationToken);
        var run = await BicepCli.RunAsync(scratch.Directory, ["build-params", "evaluate.bicepparam", "--outfile", "evaluated.json"], TestContext.Current.CancellationToken);
        var output = Path.Combine(scratch.Directory, "evaluated.json");
        if (!File.Exists(output))
        {
            throw new InvalidOperationException($"infra/app/settings.bicep could not be evaluated: {run.Describe()}");
        }

        var parameters = JsonNode.Parse(await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken))!["parameters"]!;
        foreach (var shape in Enum.GetValues<Shape>())
        {
            _evaluated[shape] = (parameters[$"{shape}App"]!["value"]!.AsObject(), parameters[$"{shape}Auth"]!["value"]!.AsObject());
        }
    }

    /// <summary>The app settings of a shape, every value a string as App Service takes them.</summary>
    internal IReadOnlyDictionary<string, string> AppSettings(Shape shape) =>
        _evaluated[shape].AppSettings.ToDictionary(p => p.Key, p => p.Value!.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string)p.Value! : throw new InvalidOperationException($"App setting {p.Key} is not a string: {p.Value!.ToJsonString()}"));

    internal JsonObject AuthSettings(Shape shape) => _evaluated[shape].AuthSettings;

    /// <summary>
    /// What function.bicep passes to appSettings: every deployment value as a placeholder naming it, so a test
    /// sees where each one went; PostgreSQL and operator values as main.bicep gives them in that shape.
    /// </summary>
    internal static JsonObject AppInputs(Shape shape)
    {
        var postgreSql = shape is Shape.PostgreSql or Shape.PostgreSqlAndOperatorSignIn;
        return new JsonObject
        {
            ["identityClientId"] = "<identityClientId>",
            ["blobServiceUri"] = "https://<storage>.blob.core.windows.net/",
            ["queueServiceUri"] = "https://<storage>.queue.core.windows.net/",
            ["tableServiceUri"] = "https://<storage>.table.core.windows.net/",
            ["applicationInsightsConnectionString"] = "<applicationInsightsConnectionString>",
            ["hostName"] = "func-calsync-token.azurewebsites.net",
            ["googleClientId"] = "<googleClientId>",
            ["enablePushNotifications"] = shape != Shape.PushNotificationsOff,
            ["syncSchedule"] = "<syncSchedule>",
            ["businessTimeZone"] = "<businessTimeZone>",
            ["conflictPolicy"] = "<conflictPolicy>",
            ["tokensKeyVaultUri"] = "https://kv-token.vault.azure.net/",
            ["configKeyVaultUri"] = "https://kv-cfg-token.vault.azure.net/",
            ["googleClientSecretName"] = "google-client-secret",
            ["oauthStateSigningKeysSecretName"] = "oauth-state-signing-keys",
            ["appointmentData"] = new JsonObject
            {
                ["provider"] = postgreSql ? "PostgreSql" : "TableStorage",
                ["host"] = postgreSql ? PostgreSqlHost : "",
                ["database"] = postgreSql ? PostgreSqlDatabase : "",
                ["username"] = postgreSql ? PostgreSqlUserName : "",
            },
            ["operator"] = OperatorInputs(shape),
        };
    }

    // The inside of a Bicep '...' string: its escapes are \\, \' and \$ (before an interpolation).
    private static string BicepString(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal).Replace("$", "\\$", StringComparison.Ordinal);

    private static JsonObject OperatorInputs(Shape shape) => new()
    {
        ["clientId"] = shape is Shape.OperatorSignIn or Shape.PostgreSqlAndOperatorSignIn or Shape.OperatorClientIdWithoutGroup ? OperatorClientId : "",
        ["allowedGroupId"] = shape is Shape.OperatorSignIn or Shape.PostgreSqlAndOperatorSignIn or Shape.OperatorGroupWithoutClientId ? OperatorGroupId : "",
    };
}

/// <summary>The shapes of a deployment that the azd values and main.bicep's parameters choose between.</summary>
public enum Shape
{
    /// <summary>APPOINTMENT_DATA_PROVIDER unset (TableStorage), no operator sign-in.</summary>
    Default,

    /// <summary>APPOINTMENT_DATA_PROVIDER=PostgreSql.</summary>
    PostgreSql,

    /// <summary>OPERATOR_CLIENT_ID and OPERATOR_ALLOWED_GROUP_ID both set.</summary>
    OperatorSignIn,

    /// <summary>PostgreSQL and operator sign-in together.</summary>
    PostgreSqlAndOperatorSignIn,

    /// <summary>OPERATOR_CLIENT_ID without a group, which must not let the whole tenant in.</summary>
    OperatorClientIdWithoutGroup,

    /// <summary>OPERATOR_ALLOWED_GROUP_ID without an app registration.</summary>
    OperatorGroupWithoutClientId,

    /// <summary>main.bicep's enablePushNotifications false.</summary>
    PushNotificationsOff,
}
