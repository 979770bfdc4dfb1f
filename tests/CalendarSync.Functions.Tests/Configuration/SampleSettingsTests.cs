using System.Reflection;
using System.Text.Json.Nodes;
using CalendarSync.Azure;
using CalendarSync.Azure.Secrets;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using CalendarSync.Google;
using CalendarSync.Hosting.Configuration;
using CalendarSync.Testing;

namespace CalendarSync.Functions.Tests.Configuration;

/// <summary>
/// A setting exists only if changing it works: every key of a section in local.settings.sample.json is a property an
/// options class binds, and every property those classes bind is a key of the sample, so no setting hides in code
/// (AppSettingsTests then holds infra/app/settings.bicep to the sample).
/// </summary>
public sealed class SampleSettingsTests
{
    // The sections and the options classes bound to them (AddCalendarSync, AddCalendarSyncAzureStorage, AddRefreshTokenStore).
    private static readonly (string Section, Type Options)[] Bindings =
    [
        (GoogleOptions.SectionName, typeof(GoogleOptions)),
        (OAuthStateOptions.Section, typeof(OAuthStateOptions)),
        (KeyVaultOptions.SectionName, typeof(KeyVaultOptions)),
        ("Sync", typeof(StaffSyncOptions)),
        ("Sync", typeof(SyncProcessorOptions)),
        ("Sync", typeof(AzureStorageOptions)),
        ("Push", typeof(PushChannelOptions)),
        (EventOptions.Section, typeof(EventOptions)),
        (AppointmentDataOptions.Section, typeof(AppointmentDataOptions)),
    ];

    [Fact]
    public void Sample_EveryKeyOfABoundSection_IsReadByAnOptionsClass()
    {
        var bound = BoundKeys().ToHashSet(StringComparer.Ordinal);

        var unread = SampleKeys().Where(k => Bindings.Any(b => k.StartsWith(b.Section + "__", StringComparison.Ordinal)) && !bound.Contains(k)).ToList();

        Assert.True(unread.Count == 0, $"Keys of local.settings.sample.json that no options class reads: {string.Join(", ", unread)}");
    }

    [Fact]
    public void OptionsClasses_EveryBoundProperty_IsAKeyOfTheSample()
    {
        var missing = BoundKeys().Except(SampleKeys(), StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, $"Settings the code binds that local.settings.sample.json lacks: {string.Join(", ", missing)}");
    }

    private static IEnumerable<string> SampleKeys()
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")))!;
        return sample["Values"]!.AsObject().Select(p => p.Key);
    }

    private static IEnumerable<string> BoundKeys() => Bindings.SelectMany(b => Keys(b.Section, b.Options));

    // What the configuration binder fills: public settable properties; a class that is not a value is a nested section.
    private static IEnumerable<string> Keys(string prefix, Type options) =>
        options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true })
            .SelectMany(p => IsValue(p.PropertyType) ? [$"{prefix}__{p.Name}"] : Keys($"{prefix}__{p.Name}", p.PropertyType));

    private static bool IsValue(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan) || type == typeof(Uri) || type == typeof(decimal);
    }
}
