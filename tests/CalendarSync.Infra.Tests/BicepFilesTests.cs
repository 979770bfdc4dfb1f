using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CalendarSync.Infra.Tests;

public sealed partial class BicepFilesTests(CompiledInfra infra)
{
    private static readonly string[] BicepFiles = Directory
        .EnumerateFiles(Repository.Infra, "*.bicep", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(Repository.Infra, f))
        .Order(StringComparer.Ordinal)
        .ToArray();

    private static readonly string[] RulesThatMustBeRaised =
    [
        "no-unused-params",
        "secure-secrets-in-params",
        "secure-parameter-default",
        "outputs-should-not-contain-secrets",
        "use-secure-value-for-secure-inputs",
        "no-hardcoded-env-urls",
        "what-if-short-circuiting",
    ];

    [Fact]
    public void Infra_BicepFiles_AreMainAndModulesUnderApp()
    {
        Assert.Contains("main.bicep", BicepFiles);
        Assert.All(BicepFiles.Where(f => f != "main.bicep"), f => Assert.StartsWith("app" + Path.DirectorySeparatorChar, f, StringComparison.Ordinal));
    }

    [Fact]
    public void Build_EveryBicepFile_CompilesWithoutAnyDiagnostic()
    {
        // Any output is a failure: the compiler's own warnings (a missing type, say) leave exit code 0.
        Assert.True(infra.Build.IsClean, $"bicep build: {infra.Build.Describe()}");
        Assert.All(BicepFiles, f => Assert.True(File.Exists(infra.CompiledPath(f)), $"{f} was not compiled."));
    }

    [Fact]
    public async Task Lint_EveryBicepFile_ReportsNothing()
    {
        var lint = await BicepCli.RunAsync(Repository.Infra, ["lint", "--pattern", "**/*.bicep"], TestContext.Current.CancellationToken);

        Assert.True(lint.IsClean, $"bicep lint: {lint.Describe()}");
    }

    [Fact]
    public async Task Lint_RuleBrokenUnderOurConfig_FailsAsError()
    {
        using var scratch = new ScratchInfra("param unused string\n");

        var lint = await BicepCli.RunAsync(scratch.Directory, ["lint", "scratch.bicep"], TestContext.Current.CancellationToken);

        Assert.NotEqual(0, lint.ExitCode);
        Assert.Contains("Error no-unused-params", lint.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_CompilerWarning_IsCaughtByTheOutputCheckNotTheExitCode()
    {
        // An API version Bicep has no types for is a compiler warning (BCP081), outside the linter's config.
        using var scratch = new ScratchInfra(
            "param location string\nresource s 'Microsoft.Storage/storageAccounts@2099-01-01' = {\n  name: 'scratch'\n  location: location\n}\n");

        var build = await BicepCli.RunAsync(scratch.Directory, ["build", "scratch.bicep"], TestContext.Current.CancellationToken);

        Assert.Equal(0, build.ExitCode);
        Assert.Contains("Warning BCP081", build.Output, StringComparison.Ordinal);
        Assert.False(build.IsClean);
    }

    [Fact]
    public void BicepConfig_EveryLinterRule_IsAnError()
    {
        var rules = JsonNode.Parse(Repository.ReadText("infra/bicepconfig.json"))!["analyzers"]!["core"]!["rules"]!.AsObject();

        Assert.All(rules, rule => Assert.Equal("error", (string?)rule.Value!["level"]));
        Assert.All(
            RulesThatMustBeRaised,
            name => Assert.True(rules.ContainsKey(name), $"bicepconfig.json does not raise {name}."));
    }

    [Fact]
    public void Sources_SuppressedDiagnostics_OnlyWhatIfShortCircuiting()
    {
        var suppressions = BicepFiles
            .SelectMany(f => File.ReadLines(Path.Combine(Repository.Infra, f)).Select(line => (File: f, Line: line.Trim())))
            .Where(l => l.Line.StartsWith("#disable", StringComparison.Ordinal))
            .ToList();

        Assert.All(suppressions, s => Assert.True(s.Line == "#disable-next-line what-if-short-circuiting", $"{s.File}: {s.Line}"));
    }

    [Fact]
    public void Sources_Modules_AreLocalFilesNotRegistryReferences()
    {
        var modules = BicepFiles
            .SelectMany(f => File.ReadLines(Path.Combine(Repository.Infra, f)).Select(line => (File: f, Match: ModuleReference().Match(line))))
            .Where(m => m.Match.Success)
            .ToList();

        Assert.NotEmpty(modules);
        Assert.All(modules, m =>
        {
            var path = m.Match.Groups["path"].Value;
            Assert.False(path.Contains(':', StringComparison.Ordinal), $"{m.File}: module '{path}' comes from a registry; the templates must compile offline.");
            Assert.True(File.Exists(Path.Combine(Repository.Infra, Path.GetDirectoryName(m.File)!, path)), $"{m.File}: module '{path}' does not exist.");
        });
    }

    [GeneratedRegex(@"^\s*module\s+\w+\s+'(?<path>[^']+)'")]
    private static partial Regex ModuleReference();
}
