using System.CommandLine;

namespace CalendarSync.Cli.Hosting;

/// <summary>Options more than one command takes.</summary>
internal static class CliOptions
{
    /// <summary>On every command: where the settings come from.</summary>
    public static readonly Option<string?> Settings = new("--settings")
    {
        Description = "A local.settings.json-shaped file whose \"Values\" are the settings (default: the checkout's local.settings.sample.json); environment variables override it.",
        Recursive = true,
    };

    public static Option<bool> Json() => new("--json") { Description = "Write JSON for scripts instead of tables." };
}
