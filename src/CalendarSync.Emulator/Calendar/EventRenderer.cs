using System.Text;
using System.Text.Json.Nodes;
using CalendarSync.Emulator.Google;

namespace CalendarSync.Emulator.Calendar;

/// <summary>Writes a stored event as Google's Event resource. Callers hold the calendar's lock.</summary>
internal static class EventRenderer
{
    // Fields the server owns: whatever the client sent for them is ignored.
    private static readonly HashSet<string> ServerFields = new(StringComparer.Ordinal)
    {
        "kind", "etag", "id", "status", "htmlLink", "created", "updated", "creator", "organizer", "start", "end",
        "recurrence", "recurringEventId", "originalStartTime", "iCalUID", "sequence", "attendees",
    };

    // What a user who may see only free/busy time is shown of an event: when it is, not what it is.
    private static readonly string[] BusyFields =
        ["kind", "etag", "id", "status", "start", "end", "recurringEventId", "originalStartTime", "transparency"];

    public static bool IsServerField(string name) => ServerFields.Contains(name);

    /// <summary>The event as a <c>freeBusyReader</c> sees it: its times, without title, description or any other detail.</summary>
    public static JsonObject BusyOnly(JsonObject rendered)
    {
        var busy = new JsonObject();
        foreach (var name in BusyFields)
        {
            if (rendered[name] is { } value)
            {
                busy[name] = value.DeepClone();
            }
        }

        return busy;
    }

    public static JsonObject Render(StoredEvent ev, CalendarData calendar, TimeZoneInfo zone, string origin)
    {
        var rendered = new JsonObject
        {
            ["kind"] = "calendar#event",
            ["etag"] = ev.ETag,
            ["id"] = ev.Id,
            ["status"] = ev.Status,
            ["htmlLink"] = HtmlLink(origin, ev.Id, calendar.Id),
            ["created"] = RfcTime.Stamp(ev.Created),
            ["updated"] = RfcTime.Stamp(ev.Updated),
        };
        foreach (var (name, value) in ev.Body)
        {
            if (!ServerFields.Contains(name) && value is not null)
            {
                rendered[name] = value.DeepClone();
            }
        }

        rendered["creator"] = new JsonObject { ["email"] = calendar.Id, ["self"] = true };
        rendered["organizer"] = new JsonObject { ["email"] = calendar.Id, ["self"] = true };
        rendered["start"] = ev.Start.Render(zone);
        rendered["end"] = ev.End.Render(zone);
        if (ev.Recurrence is { Count: > 0 } recurrence)
        {
            rendered["recurrence"] = new JsonArray(recurrence.Select(line => (JsonNode?)line).ToArray());
        }

        if (ev.GivenTimes is { } given)
        {
            foreach (var name in (string[])["start", "end", "recurrence"])
            {
                rendered.Remove(name);
                if (given[name] is { } value)
                {
                    rendered[name] = value.DeepClone();
                }
            }
        }

        AddInstanceFields(rendered, ev, zone);
        rendered["iCalUID"] = (ev.RecurringEventId ?? ev.Id) + "@google.com";
        rendered["sequence"] = ev.Sequence;
        if (ev.Body["attendees"] is JsonArray attendees)
        {
            rendered["attendees"] = RenderAttendees(attendees, calendar.Id);
        }

        rendered["reminders"] ??= new JsonObject { ["useDefault"] = true };
        rendered["eventType"] ??= "default";
        return rendered;
    }

    /// <summary>A deleted event in a list answer: Google sends little more than its id and status.</summary>
    public static JsonObject RenderDeleted(StoredEvent ev, TimeZoneInfo zone)
    {
        var rendered = new JsonObject
        {
            ["kind"] = "calendar#event",
            ["etag"] = ev.ETag,
            ["id"] = ev.Id,
            ["status"] = ev.Status,
            ["updated"] = RfcTime.Stamp(ev.Updated),
        };
        AddInstanceFields(rendered, ev, zone);
        return rendered;
    }

    private static void AddInstanceFields(JsonObject rendered, StoredEvent ev, TimeZoneInfo zone)
    {
        if (ev.RecurringEventId is not null && ev.OriginalStart is not null)
        {
            rendered["recurringEventId"] = ev.RecurringEventId;
            rendered["originalStartTime"] = ev.OriginalStart.Render(zone);
        }
    }

    private static JsonArray RenderAttendees(JsonArray attendees, string ownerEmail)
    {
        var rendered = new JsonArray();
        foreach (var attendee in attendees.OfType<JsonObject>())
        {
            var copy = (JsonObject)attendee.DeepClone();
            copy["responseStatus"] ??= "needsAction";
            copy.Remove("self");
            if (string.Equals(copy["email"]?.GetValue<string>(), ownerEmail, StringComparison.OrdinalIgnoreCase))
            {
                copy["self"] = true;
            }

            rendered.Add(copy);
        }

        return rendered;
    }

    private static string HtmlLink(string origin, string eventId, string calendarId) =>
        origin + "calendar/event?eid=" +
        Convert.ToBase64String(Encoding.UTF8.GetBytes(eventId + " " + calendarId)).TrimEnd('=');
}
