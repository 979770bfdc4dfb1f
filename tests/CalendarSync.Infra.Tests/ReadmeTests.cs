using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CalendarSync.Infra.Tests;

public sealed partial class ReadmeTests
{
    private static readonly string Readme = Repository.ReadText("README.md");

    private static string FunctionKeysSection
    {
        get
        {
            var start = Readme.IndexOf("### Function keys\n", StringComparison.Ordinal);
            Assert.True(start >= 0, "README.md has no \"### Function keys\" section.");
            var end = Readme.IndexOf("\n#", start + 1, StringComparison.Ordinal);
            return end < 0 ? Readme[start..] : Readme[start..end];
        }
    }

    [Fact]
    public void FunctionKeys_Section_CreatesRotatesAndRevokesSeparateKeysForTheAppointmentSystemAndOperators()
    {
        var section = FunctionKeysSection;

        Assert.Contains("az functionapp keys set -g \"$rg\" -n \"$app\" --key-type functionKeys --key-name appointment-system", section, StringComparison.Ordinal);
        Assert.Contains("az functionapp keys set -g \"$rg\" -n \"$app\" --key-type functionKeys --key-name operators", section, StringComparison.Ordinal);
        Assert.Contains("az functionapp keys delete", section, StringComparison.Ordinal);
        Assert.Contains("**Rotate**", section, StringComparison.Ordinal);
        Assert.Contains("**Revoke**", section, StringComparison.Ordinal);
        Assert.Contains("az functionapp function keys set", section, StringComparison.Ordinal);
    }

    [Fact]
    public void AzdValues_EveryOneOfMainParameters_IsInTheInfrastructureDocsParameterTable()
    {
        var docs = Repository.ReadText("docs/infrastructure.md");
        var values = JsonNode.Parse(Repository.ReadText("infra/main.parameters.json"))!["parameters"]!.AsObject()
            .Select(p => AzdValue().Match((string)p.Value!["value"]!).Groups["name"].Value)
            .ToList();

        Assert.All(values, name => Assert.Contains($"`{name}`", docs, StringComparison.Ordinal));
    }

    // ${NAME} or ${NAME=default} in main.parameters.json.
    [GeneratedRegex(@"^\$\{(?<name>[A-Z_]+)(=[^}]*)?\}$")]
    private static partial Regex AzdValue();
}
