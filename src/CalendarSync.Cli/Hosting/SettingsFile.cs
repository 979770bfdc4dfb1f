using System.Text.Json;

namespace CalendarSync.Cli.Hosting;

/// <summary>
/// The "Values" of a <c>local.settings.json</c>-shaped file, the function app's local settings, under their
/// configuration keys (<c>Google__ClientId</c> becomes <c>Google:ClientId</c>, as environment variables do).
/// </summary>
internal static class SettingsFile
{
    public const string SampleName = "local.settings.sample.json";

    /// <summary>The repository's sample settings, which point at the local stand-ins.</summary>
    public static string DefaultPath()
    {
        try
        {
            return Path.Combine(RepositoryLocator.Find(), SampleName);
        }
        catch (InvalidOperationException ex)
        {
            throw new SettingsException(
                "No settings: outside a CalendarSync checkout, give a settings file with --settings FILE " +
                "(shaped like local.settings.sample.json) or set every setting as an environment variable.", ex);
        }
    }

    public static Dictionary<string, string?> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new SettingsException($"The settings file '{path}' does not exist.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new SettingsException($"The settings file '{path}' is not JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("Values", out var values)
                || values.ValueKind != JsonValueKind.Object)
            {
                throw new SettingsException($"The settings file '{path}' has no \"Values\" object (see {SampleName}).");
            }

            var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in values.EnumerateObject())
            {
                settings[property.Name.Replace("__", ":", StringComparison.Ordinal)] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null => null,
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                    _ => throw new SettingsException(
                        $"The setting {property.Name} in '{path}' is a JSON {property.Value.ValueKind}; settings are strings."),
                };
            }

            return settings;
        }
    }
}
