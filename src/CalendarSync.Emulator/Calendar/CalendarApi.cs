using System.Text.Json.Nodes;
using CalendarSync.Emulator.Google;
using CalendarSync.Emulator.OAuth;
using CalendarSync.Emulator.Push;

namespace CalendarSync.Emulator.Calendar;

/// <summary>
/// Calendar v3 below <c>/calendar/v3/</c>: routing, authentication and the calendar resources. The event
/// methods live in the partial files beside this one. One entry point serves plain HTTP and batch parts alike.
/// </summary>
public sealed partial class CalendarApi(CalendarStore calendars, AccountStore accounts, ChannelRegistry channels, TimeProvider time)
{
    internal ApiResponse Handle(ApiRequest request)
    {
        if (accounts.Authenticate(BearerToken(request.Authorization)) is not { } user)
        {
            return GoogleError.Unauthorized();
        }

        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        if (segments is ["channels", "stop"] && request.Method == "POST")
        {
            return StopChannel(request, user);
        }

        if (segments is ["freeBusy"] && request.Method == "POST")
        {
            return FreeBusy(request, user);
        }

        string? calendarId = segments switch
        {
            ["users", "me", "calendarList", var id] => id,
            ["calendars", var id, ..] => id,
            _ => null,
        };
        if (calendarId is null || FindCalendar(calendarId, user) is not { } calendar)
        {
            return GoogleError.NotFound();
        }

        var response = (request.Method, segments) switch
        {
            ("GET", ["users", "me", "calendarList", _]) => Ok(CalendarListEntry(calendar)),
            ("GET", ["calendars", _]) => Ok(CalendarResource(calendar)),
            ("GET", ["calendars", _, "events"]) => List(request, calendar, seriesId: null),
            ("POST", ["calendars", _, "events"]) => Insert(request, calendar),
            ("POST", ["calendars", _, "events", "watch"]) => Watch(request, calendar),
            ("GET", ["calendars", _, "events", var eventId]) => Get(request, calendar, eventId),
            ("PUT", ["calendars", _, "events", var eventId]) => Write(request, calendar, eventId, patch: false),
            ("PATCH", ["calendars", _, "events", var eventId]) => Write(request, calendar, eventId, patch: true),
            ("DELETE", ["calendars", _, "events", var eventId]) => Delete(request, calendar, eventId),
            ("GET", ["calendars", _, "events", var eventId, "instances"]) => List(request, calendar, seriesId: eventId),
            _ => GoogleError.NotFound(),
        };
        RecordWrite(request, segments, calendar, response);
        return response;
    }

    private static void RecordWrite(ApiRequest request, string[] segments, CalendarData calendar, ApiResponse response)
    {
        var (method, eventId) = (request.Method, segments) switch
        {
            ("POST", ["calendars", _, "events"]) => ("insert", EventInput.ParseBody(request.Body)?["id"]?.ToString()),
            ("PUT", ["calendars", _, "events", var id]) => ("update", id),
            ("PATCH", ["calendars", _, "events", var id]) => ("patch", id),
            ("DELETE", ["calendars", _, "events", var id]) => ("delete", id),
            _ => (null, null),
        };
        if (method is null)
        {
            return;
        }

        var attendees = request.Method == "DELETE" ? null : (EventInput.ParseBody(request.Body)?["attendees"] as JsonArray)?.Count;
        var record = new WriteRecord(
            method, eventId, NullIfEmpty(request.Query["sendUpdates"]), NullIfEmpty(request.Query["sendNotifications"]),
            attendees, request.InBatch, response.StatusCode);
        lock (calendar.Gate)
        {
            calendar.Writes.Add(record);
        }
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) => value.Count == 0 ? null : value.ToString();

    private CalendarData? FindCalendar(string calendarId, string user)
    {
        var id = calendarId == "primary" ? user : calendarId;

        // A user sees only their own calendar; Google answers 404 for one you may not see.
        return string.Equals(id, user, StringComparison.OrdinalIgnoreCase) ? calendars.Find(id) : null;
    }

    private static string? BearerToken(string? authorization) =>
        authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization[7..].Trim()
            : null;

    private static ApiResponse Ok(JsonNode body) => ApiResponse.Ok(body);

    private static JsonObject CalendarListEntry(CalendarData calendar) => new()
    {
        ["kind"] = "calendar#calendarListEntry",
        ["etag"] = $"\"{calendar.Updated.ToUnixTimeMilliseconds()}\"",
        ["id"] = calendar.Id,
        ["summary"] = calendar.Id,
        ["timeZone"] = calendar.Zone.Id,
        ["colorId"] = "14",
        ["backgroundColor"] = "#9fe1e7",
        ["foregroundColor"] = "#000000",
        ["selected"] = true,
        ["accessRole"] = "owner",
        ["defaultReminders"] = new JsonArray(),
        ["primary"] = true,
    };

    private static JsonObject CalendarResource(CalendarData calendar) => new()
    {
        ["kind"] = "calendar#calendar",
        ["etag"] = $"\"{calendar.Updated.ToUnixTimeMilliseconds()}\"",
        ["id"] = calendar.Id,
        ["summary"] = calendar.Id,
        ["timeZone"] = calendar.Zone.Id,
    };

    /// <summary>The zone answers are written in: the request's <c>timeZone</c>, else the calendar's.</summary>
    private static TimeZoneInfo ResponseZone(ApiRequest request, CalendarData calendar) =>
        RfcTime.FindZone(request.Query["timeZone"].ToString()) ?? calendar.Zone;
}
