using System.Text.Json.Nodes;
using CalendarSync.Emulator.Google;

namespace CalendarSync.Emulator.Calendar;

/// <summary>
/// Google's rules for the event types beyond <c>default</c> (the event types guide and the status events guide):
/// what a client may create, and what it may change in an event Google itself made. See docs/emulator.md.
/// </summary>
internal static class EventTypeRules
{
    private static readonly HashSet<string> WorkingLocationTypes = new(StringComparer.Ordinal) { "homeOffice", "officeLocation", "customLocation" };

    // What a client may change in a birthday (the type and its contact are Google's) and in an event Gmail made.
    private static readonly HashSet<string> BirthdayChangeable = new(StringComparer.Ordinal)
    {
        "summary", "colorId", "reminders", "start", "end", "extendedProperties",
    };

    private static readonly HashSet<string> FromGmailChangeable = new(StringComparer.Ordinal)
    {
        "colorId", "reminders", "visibility", "transparency", "status", "extendedProperties", "attendees",
    };

    /// <summary>The refusal of a new event of a status or birthday type that breaks Google's rules; null when it may be stored.</summary>
    /// <remarks>Fills what Google fills: a working location is free and public, a birthday free and private.</remarks>
    public static ApiResponse? RefusedNew(EventInput input)
    {
        var body = input.Body;
        var transparency = body["transparency"]?.GetValue<string>();
        switch (body["eventType"]?.GetValue<string>())
        {
            case "focusTime" or "outOfOffice" when input.Start.IsAllDay:
                return Invalid("Focus time and out of office events cannot be all-day events.", "start");
            case "focusTime" or "outOfOffice" when transparency == "transparent":
                return Invalid("Focus time and out of office events must be opaque.", "transparency");
            case "workingLocation":
                if (body["workingLocationProperties"]?["type"]?.GetValue<string>() is not { } type || !WorkingLocationTypes.Contains(type))
                {
                    return GoogleError.BadRequest("Missing or invalid working location properties.", "required", "workingLocationProperties");
                }

                if (transparency == "opaque")
                {
                    return Invalid("Working location events must be transparent.", "transparency");
                }

                body["transparency"] = "transparent";
                body["visibility"] ??= "public";
                return null;
            case "birthday":
                if (body["birthdayProperties"]?["type"]?.GetValue<string>() is { } kind && kind != "birthday")
                {
                    return Invalid("Only birthday events of type birthday can be created.", "birthdayProperties.type");
                }

                if (!input.Start.IsAllDay || input.End.Date!.Value.DayNumber - input.Start.Date!.Value.DayNumber != 1)
                {
                    return Invalid("A birthday event must be an all-day event of one day.", "start");
                }

                if (input.Recurrence is not ["RRULE:FREQ=YEARLY"])
                {
                    return Invalid("A birthday event must recur yearly.", "recurrence");
                }

                if (transparency == "opaque")
                {
                    return Invalid("Birthday events must be transparent.", "transparency");
                }

                body["transparency"] = "transparent";
                body["visibility"] ??= "private";
                body["birthdayProperties"] = new JsonObject { ["type"] = "birthday" };
                return null;
            default:
                return null;
        }
    }

    /// <summary>The refusal of a change to a birthday or a Gmail event beyond what Google lets a client change; null when allowed.</summary>
    public static ApiResponse? RefusedChange(StoredEvent existing, EventInput changed)
    {
        var changeable = existing.EventType switch
        {
            "birthday" => BirthdayChangeable,
            "fromGmail" => FromGmailChangeable,
            _ => null,
        };
        if (changeable is null)
        {
            return null;
        }

        var field = existing.Body.Select(p => p.Key).Union(changed.Body.Select(p => p.Key))
            .Where(name => !changeable.Contains(name) && !EventRenderer.IsServerField(name) && name != "eventType")
            .FirstOrDefault(name => !JsonNode.DeepEquals(existing.Body[name], changed.Body[name]));
        var timesChanged = changed.Start != existing.Start || changed.End != existing.End ||
                           !(changed.Recurrence ?? []).SequenceEqual(existing.Recurrence ?? []);
        field ??= timesChanged && !changeable.Contains("start") ? "start" : null;
        return field is null
            ? null
            : GoogleError.BadRequest($"The field {field} of a {existing.EventType} event cannot be changed.", "eventTypeRestriction", field);
    }

    private static ApiResponse Invalid(string message, string location) => GoogleError.BadRequest(message, "invalid", location);
}
