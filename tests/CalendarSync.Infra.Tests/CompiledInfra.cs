using System.Text.Json.Nodes;

[assembly: AssemblyFixture(typeof(CalendarSync.Infra.Tests.CompiledInfra))]

namespace CalendarSync.Infra.Tests;

/// <summary>Every infra/*.bicep file compiled once per test run, into a folder of its own.</summary>
public sealed class CompiledInfra : IAsyncLifetime
{
    private readonly string _outputDirectory = Path.Combine(Path.GetTempPath(), $"calendarsync-infra-{Guid.NewGuid():N}");

    internal BicepRun Build { get; private set; } = new(-1, "not built");

    internal ArmTemplate Main { get; private set; } = null!;

    internal string MainJson { get; private set; } = "";

    internal string CompiledPath(string bicepRelativeToInfra) =>
        Path.Combine(_outputDirectory, Path.ChangeExtension(bicepRelativeToInfra, ".json"));

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_outputDirectory);
        Build = await BicepCli.RunAsync(
            Repository.Infra,
            ["build", "--pattern", "**/*.bicep", "--outdir", _outputDirectory],
            TestContext.Current.CancellationToken);

        var main = CompiledPath("main.bicep");
        if (File.Exists(main))
        {
            MainJson = await File.ReadAllTextAsync(main, TestContext.Current.CancellationToken);
            Main = new ArmTemplate(JsonNode.Parse(MainJson)!.AsObject());
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(_outputDirectory))
        {
            Directory.Delete(_outputDirectory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The compiled main template, or a failure that says why there is none.</summary>
    internal ArmTemplate RequireMain() =>
        Main ?? throw new InvalidOperationException($"infra/main.bicep did not compile: {Build.Describe()}");
}
