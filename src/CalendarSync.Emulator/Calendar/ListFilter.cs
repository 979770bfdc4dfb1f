using System.Text.Json.Nodes;

namespace CalendarSync.Emulator.Calendar;

/// <summary>The filters of one events.list or events.instances query.</summary>
internal sealed class ListFilter
{
    private static readonly string[] TextFields = ["summary", "description", "location"];

    public required int MaxResults { get; init; }

    public DateTimeOffset? TimeMin { get; init; }

    public DateTimeOffset? TimeMax { get; init; }

    public DateTimeOffset? UpdatedMin { get; init; }

    public bool ShowDeleted { get; init; }

    public bool SingleEvents { get; init; }

    public bool OrderByStartTime { get; init; }

    public bool OrderByUpdated { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> PrivateProperties { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> SharedProperties { get; init; }

    public required IReadOnlySet<string> EventTypes { get; init; }

    public string? Text { get; init; }

    public string? ICalUid { get; init; }

    /// <summary>The filters that do not depend on time.</summary>
    public bool Matches(StoredEvent ev)
    {
        if (UpdatedMin is { } updatedMin && ev.Updated < updatedMin)
        {
            return false;
        }

        if (EventTypes.Count > 0 && !EventTypes.Contains(ev.EventType))
        {
            return false;
        }

        if (ICalUid is not null && ICalUid != (ev.RecurringEventId ?? ev.Id) + "@google.com")
        {
            return false;
        }

        if (Text is not null && !TextFields.Any(field =>
                ev.Body[field]?.GetValue<string>().Contains(Text, StringComparison.OrdinalIgnoreCase) == true))
        {
            return false;
        }

        return HasProperties(ev.Body, "private", PrivateProperties) && HasProperties(ev.Body, "shared", SharedProperties);
    }

    /// <summary>Google's window: the event ends after timeMin and starts before timeMax.</summary>
    public bool Overlaps(StoredEvent ev, TimeZoneInfo zone) =>
        (TimeMin is not { } min || ev.End.InstantIn(zone) > min) && (TimeMax is not { } max || ev.Start.InstantIn(zone) < max);

    private static bool HasProperties(JsonObject body, string scope, IReadOnlyList<KeyValuePair<string, string>> wanted) =>
        wanted.Count == 0 ||
        (body["extendedProperties"]?[scope] is JsonObject properties &&
         wanted.All(pair => properties[pair.Key] is JsonValue value && value.TryGetValue<string>(out var text) && text == pair.Value));
}
