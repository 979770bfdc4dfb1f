using System.Text.Json;

namespace CalendarSync.Cli.Hosting;

/// <summary>
/// The function app's host.json as settings: its <c>extensions.queues</c> values under the keys the Functions host
/// reads their overrides from (<c>AzureFunctionsJobHost:extensions:queues:batchSize</c>, …), so that calsync drains the
/// queue as the queue trigger does and an environment variable of that name overrides it, as in Azure; and its
/// <c>logging.logLevel</c> as the log levels of calsync's hosts.
/// </summary>
internal static class HostJson
{
    public const string FileName = "host.json";

    public static Dictionary<string, string?> Settings(string path)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return settings;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (document.RootElement.TryGetProperty("logging", out var logging)
            && logging.TryGetProperty("logLevel", out var levels)
            && levels.ValueKind == JsonValueKind.Object)
        {
            foreach (var level in levels.EnumerateObject().Where(l => l.Value.ValueKind == JsonValueKind.String))
            {
                settings[$"Logging:LogLevel:{(level.Name == "default" ? "Default" : level.Name)}"] = level.Value.GetString();
            }
        }

        if (document.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("queues", out var queues)
            && queues.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in queues.EnumerateObject())
            {
                settings[$"{Sweep.QueueHostOptions.Section}:{property.Name}"] =
                    property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
            }
        }

        return settings;
    }

    /// <summary>The host.json built beside calsync (from the function app's project), else the checkout's.</summary>
    public static string DefaultPath()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, FileName);
        if (File.Exists(beside))
        {
            return beside;
        }

        try
        {
            return Path.Combine(RepositoryLocator.Find(), FileName);
        }
        catch (InvalidOperationException)
        {
            return beside;
        }
    }
}
