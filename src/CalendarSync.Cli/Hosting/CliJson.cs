using System.Text.Json;
using System.Text.Json.Serialization;

namespace CalendarSync.Cli.Hosting;

/// <summary>The <c>--json</c> output: camelCase, enums as names, indented, one document per command.</summary>
internal static class CliJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task WriteAsync<T>(TextWriter output, T value)
    {
        await output.WriteLineAsync(JsonSerializer.Serialize(value, Options));
    }
}
