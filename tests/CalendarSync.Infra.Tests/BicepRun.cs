namespace CalendarSync.Infra.Tests;

/// <summary>What one Bicep CLI run printed. A clean build or lint prints nothing at all.</summary>
internal sealed record BicepRun(int ExitCode, string Output)
{
    public bool IsClean => ExitCode == 0 && Output.Length == 0;

    public string Describe() => $"exit code {ExitCode}, output:{Environment.NewLine}{Output}";
}
