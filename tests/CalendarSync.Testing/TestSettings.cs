using System.Text.Json.Nodes;
using CalendarSync.Google;
using Microsoft.Extensions.Configuration;

namespace CalendarSync.Testing;

/// <summary>
/// The settings every test host starts from: the sample's (local.settings.sample.json), pointed at a test's Azure
/// Storage and Google emulator, with push off. Built here once; a host adds only what is its own.
/// </summary>
public static class TestSettings
{
    /// <summary>The sample's <c>Values</c>, keys as in the file (<c>Google__ClientId</c>).</summary>
    public static Dictionary<string, string?> Sample()
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")))!;
        return sample["Values"]!.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
    }

    /// <summary>The sample pointed at <paramref name="storage"/> and the emulator at <paramref name="google"/>.</summary>
    public static Dictionary<string, string?> For(string storage, Uri google)
    {
        var settings = Sample();
        settings["AzureWebJobsStorage"] = storage;
        foreach (var (key, value) in GoogleOptions.OneOriginSettings(google))
        {
            settings[key] = value;
        }

        settings["Google__NotificationUri"] = "";
        return settings;
    }

    /// <summary>Settings as configuration, the way the Functions host reads app settings (<c>__</c> becomes <c>:</c>).</summary>
    public static IConfiguration Configuration(IEnumerable<KeyValuePair<string, string?>> settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(p => KeyValuePair.Create(p.Key.Replace("__", ":", StringComparison.Ordinal), p.Value)))
            .Build();

    /// <summary>Google options for the emulator at <paramref name="google"/> with the sample's OAuth client.</summary>
    public static GoogleOptions Google(Uri google)
    {
        var sample = Sample();
        var options = GoogleOptions.AtOneOrigin(google);
        options.ClientId = sample["Google__ClientId"]!;
        options.ClientSecret = sample["Google__ClientSecret"]!;
        options.RedirectUri = new Uri(sample["Google__RedirectUri"]!);
        return options;
    }
}
