using System.Text.Json;

namespace CalendarSync.Cli.Tests;

internal sealed record CalsyncResult(int ExitCode, string Output, string Error)
{
    public CalsyncResult AssertSucceeded()
    {
        Assert.True(ExitCode == 0, $"calsync exited {ExitCode}.\nOutput:\n{Output}\nError:\n{Error}");
        return this;
    }

    public JsonElement Json() => JsonDocument.Parse(Output).RootElement;
}
