using System.Text.Json;
using System.Text.Json.Nodes;
using CalendarSync.Emulator.Google;

namespace CalendarSync.Emulator.Calendar;

/// <summary>An event body a client wrote, checked the way Google checks it before it stores anything.</summary>
internal sealed record EventInput(JsonObject Body, EventTime Start, EventTime End, IReadOnlyList<string>? Recurrence, string Status)
{
    private static readonly HashSet<string> WritableEventTypes = new(StringComparer.Ordinal)
    {
        "default", "outOfOffice", "focusTime", "workingLocation", "birthday",
    };

    private static readonly HashSet<string> Visibilities = new(StringComparer.Ordinal) { "default", "public", "private", "confidential" };

    private static readonly string[] TextFields =
        ["summary", "description", "location", "colorId", "visibility", "transparency", "status", "eventType"];

    public static JsonObject? ParseBody(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(body.Span) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static ApiResponse ParseError() => GoogleError.BadRequest("Parse Error", "parseError");

    /// <summary>
    /// Checks a complete body; null and an error answer when Google would refuse it. <paramref name="anyEventType"/>
    /// lets through the event types only Google itself makes (birthday, fromGmail).
    /// </summary>
    public static EventInput? Validate(JsonObject body, CalendarData calendar, out ApiResponse? error, bool anyEventType = false)
    {
        error = null;
        try
        {
            return ValidateCore(body, calendar, anyEventType, out error);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            // A field of the wrong JSON type (a number where Google wants a string, say).
            error = GoogleError.BadRequest("Invalid value: " + ex.Message);
            return null;
        }
    }

    private static EventInput? ValidateCore(JsonObject body, CalendarData calendar, bool anyEventType, out ApiResponse? error)
    {
        // Fields the emulator reads later (filters, search) must be strings, as Google's schema has them.
        if (TextFields.FirstOrDefault(name => body[name] is { } value && value.GetValueKind() != JsonValueKind.String) is { } wrongType)
        {
            error = GoogleError.BadRequest("Invalid value for: " + wrongType, location: wrongType);
            return null;
        }

        if (!EventTime.TryParse(body["start"], "start", out var start, out var message) ||
            !EventTime.TryParse(body["end"], "end", out var end, out message))
        {
            error = GoogleError.BadRequest(message!, message!.StartsWith("Missing", StringComparison.Ordinal) ? "required" : "invalid");
            return null;
        }

        if (start!.IsAllDay != end!.IsAllDay)
        {
            error = GoogleError.BadRequest("Start and end times must either both be date or both be dateTime.");
            return null;
        }

        var empty = start.IsAllDay ? end.Date <= start.Date : end.Instant < start.Instant;
        if (empty)
        {
            error = GoogleError.BadRequest("The specified time range is empty.", "timeRangeEmpty");
            return null;
        }

        var status = body["status"]?.GetValue<string>() ?? EventStatus.Confirmed;
        if (!EventStatus.IsValid(status))
        {
            error = GoogleError.BadRequest("Invalid value for status: " + status);
            return null;
        }

        var eventType = body["eventType"]?.GetValue<string>() ?? "default";
        if (!anyEventType && !WritableEventTypes.Contains(eventType))
        {
            error = GoogleError.BadRequest($"Event type {eventType} cannot be created or changed with this method.", "eventTypeRestriction");
            return null;
        }

        if (body["transparency"]?.GetValue<string>() is { } transparency && transparency is not ("opaque" or "transparent"))
        {
            error = GoogleError.BadRequest("Invalid value for transparency: " + transparency);
            return null;
        }

        if (body["visibility"]?.GetValue<string>() is { } visibility && !Visibilities.Contains(visibility))
        {
            error = GoogleError.BadRequest("Invalid value for: visibility", location: "visibility");
            return null;
        }

        // Event colours are "1" to "11" (colors.get's event palette).
        if (body["colorId"]?.GetValue<string>() is { } colorId && !(int.TryParse(colorId, out var color) && color is >= 1 and <= 11 && colorId == color.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            error = GoogleError.BadRequest("Invalid color id.", location: "colorId");
            return null;
        }

        if (ReminderProblem(body["reminders"]) is { } reminderProblem)
        {
            error = GoogleError.BadRequest(reminderProblem, location: "reminders");
            return null;
        }

        IReadOnlyList<string>? recurrence = null;
        if (body["recurrence"] is JsonArray lines && lines.Count > 0)
        {
            recurrence = lines.Select(line => line?.GetValue<string>() ?? string.Empty).ToList();
            if (!start.IsAllDay && start.TimeZone is null)
            {
                error = GoogleError.BadRequest("Missing time zone definition for start time.", "required");
                return null;
            }

            if (!recurrence.All(Calendar.Recurrence.IsValidLine) ||
                Calendar.Recurrence.Expand(start, recurrence, calendar.Zone, start.InstantIn(calendar.Zone).AddYears(1)) is not { Count: > 0 })
            {
                error = GoogleError.BadRequest("Invalid recurrence rule.");
                return null;
            }
        }

        if (body["attendees"] is { } attendees && (attendees is not JsonArray array || array.Any(a => a?["email"] is null)))
        {
            error = GoogleError.BadRequest("Missing attendee email.", "required");
            return null;
        }

        error = null;
        return new EventInput(body, start, end, recurrence, status);
    }

    /// <summary>What Google refuses in <c>reminders</c>: defaults and overrides at once, more than five overrides, or an override without its method or minutes.</summary>
    private static string? ReminderProblem(JsonNode? reminders)
    {
        if (reminders is null)
        {
            return null;
        }

        if (reminders is not JsonObject shape || shape["overrides"] is { } o && o is not JsonArray)
        {
            return "Invalid value for: reminders";
        }

        var overrides = shape["overrides"] as JsonArray ?? [];
        if (shape["useDefault"]?.GetValue<bool>() == true && overrides.Count > 0)
        {
            return "Cannot specify both default reminders and overrides at the same time.";
        }

        if (overrides.Count > 5)
        {
            return "The maximum number of override reminders is 5.";
        }

        return overrides.All(r => r?["method"]?.GetValue<string>() is "email" or "popup" && r["minutes"]?.GetValue<int>() is >= 0 and <= 40320)
            ? null
            : "Invalid reminder: method must be email or popup, minutes 0 to 40320.";
    }

    /// <summary>Google's patch semantics: objects merge field by field, anything else (arrays too) replaces, null clears;
    /// a start or end replaces whole, so a date never mixes with a dateTime.</summary>
    public static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject patchObject && target[name] is JsonObject targetObject && name is not ("start" or "end"))
            {
                Merge(targetObject, patchObject);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }
}
