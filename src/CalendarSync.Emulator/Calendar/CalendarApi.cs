using System.Text.Json.Nodes;
using CalendarSync.Emulator.Google;
using CalendarSync.Emulator.OAuth;
using CalendarSync.Emulator.Push;

namespace CalendarSync.Emulator.Calendar;

/// <summary>
/// Calendar v3 below <c>/calendar/v3/</c>: routing, authentication, access roles and the calendar resources. The
/// calendar list, calendars.insert and delete, and the event methods live in the partial files beside this one.
/// One entry point serves plain HTTP and batch parts alike.
/// </summary>
public sealed partial class CalendarApi(CalendarStore calendars, AccountStore accounts, ChannelRegistry channels, TimeProvider time)
{
    internal ApiResponse Handle(ApiRequest request)
    {
        if (accounts.Identify(BearerToken(request.Authorization)) is not { } caller)
        {
            return GoogleError.Unauthorized();
        }

        var user = caller.Email;
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();

        // Google checks the token's scopes against the method before it looks at anything the call names.
        var apiMethod = CalendarScopes.MethodOf(request.Method, segments);
        if (apiMethod is not null && !CalendarScopes.AnyAccepted(apiMethod, caller))
        {
            return GoogleError.InsufficientScopes(apiMethod, CalendarScopes.AcceptedBy(apiMethod));
        }

        if (segments is ["channels", "stop"] && request.Method == "POST")
        {
            return StopChannel(request, user);
        }

        if (segments is ["freeBusy"] && request.Method == "POST")
        {
            return FreeBusy(request, user);
        }

        switch (request.Method, segments)
        {
            case ("GET", ["users", "me", "calendarList"]):
                return ListCalendarList(request, user);
            case (_, ["users", "me", "calendarList", var listedId]) when apiMethod is not null:
                return CalendarListEntryCall(request.Method, listedId, caller, apiMethod);
            case ("POST", ["calendars"]):
                return InsertCalendar(request, caller);
        }

        if (apiMethod is null || segments is not ["calendars", var calendarId, ..] || FindCalendar(calendarId, user) is not ({ } calendar, { } role))
        {
            return GoogleError.NotFound();
        }

        // Scopes that reach only some calendars (owned ones, the client's own) or only events' times (free/busy).
        switch (CalendarScopes.ReachOf(apiMethod, caller, calendar, role))
        {
            case CalendarScopes.Reach.None:
                return GoogleError.InsufficientScopes(apiMethod, CalendarScopes.AcceptedBy(apiMethod));
            case CalendarScopes.Reach.BusyOnly when AccessRole.Allows(role, AccessRole.Reader):
                role = AccessRole.FreeBusyReader;
                break;
        }

        var response = (request.Method, segments) switch
        {
            ("GET", ["calendars", _]) => Ok(CalendarResource(calendar)),
            ("DELETE", ["calendars", _]) => DeleteCalendar(calendar, role),
            _ when IsEventWrite(request.Method, segments) && !AccessRole.Allows(role, AccessRole.Writer) =>
                GoogleError.RequiredAccessLevel(AccessRole.Writer),
            ("GET", ["calendars", _, "events"]) => List(request, calendar, role, seriesId: null),
            ("POST", ["calendars", _, "events"]) => Insert(request, calendar),
            ("POST", ["calendars", _, "events", "watch"]) => Watch(request, calendar, user),
            ("GET", ["calendars", _, "events", var eventId]) => Get(request, calendar, role, eventId),
            ("PUT", ["calendars", _, "events", var eventId]) => Write(request, calendar, eventId, patch: false),
            ("PATCH", ["calendars", _, "events", var eventId]) => Write(request, calendar, eventId, patch: true),
            ("DELETE", ["calendars", _, "events", var eventId]) => Delete(request, calendar, eventId),
            ("POST", ["calendars", _, "events", var eventId, "move"]) => Move(request, calendar, eventId, caller),
            ("GET", ["calendars", _, "events", var eventId, "instances"]) => List(request, calendar, role, seriesId: eventId),
            _ => GoogleError.NotFound(),
        };
        RecordWrite(request, segments, calendar, response);
        return response;
    }

    private static bool IsEventWrite(string method, string[] segments) =>
        (method, segments) is ("POST", ["calendars", _, "events"]) or ("PUT" or "PATCH" or "DELETE", ["calendars", _, "events", _])
            or ("POST", ["calendars", _, "events", _, "move"]);

    private static void RecordWrite(ApiRequest request, string[] segments, CalendarData calendar, ApiResponse response)
    {
        var (method, eventId) = (request.Method, segments) switch
        {
            ("POST", ["calendars", _, "events"]) => ("insert", EventInput.ParseBody(request.Body)?["id"]?.ToString()),
            ("PUT", ["calendars", _, "events", var id]) => ("update", id),
            ("PATCH", ["calendars", _, "events", var id]) => ("patch", id),
            ("DELETE", ["calendars", _, "events", var id]) => ("delete", id),
            ("POST", ["calendars", _, "events", var id, "move"]) => ("move", id),
            _ => (null, null),
        };
        if (method is null)
        {
            return;
        }

        var attendees = method is "delete" or "move" ? null : (EventInput.ParseBody(request.Body)?["attendees"] as JsonArray)?.Count;
        var record = new WriteRecord(
            method, eventId, NullIfEmpty(request.Query["sendUpdates"]), NullIfEmpty(request.Query["sendNotifications"]),
            attendees, request.InBatch, response.StatusCode);
        lock (calendar.Gate)
        {
            calendar.Writes.Add(record);
        }
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) => value.Count == 0 ? null : value.ToString();

    /// <summary>
    /// The calendar and the user's role on it, when they have one: Google answers 404 for a calendar you may not see, a
    /// deleted one, or one no longer shared with you. <c>primary</c> is the user's own.
    /// </summary>
    private (CalendarData Calendar, string Role)? FindCalendar(string calendarId, string user)
    {
        var id = calendarId == "primary" ? user : calendarId;
        return calendars.Find(id) is { } calendar && calendar.RoleOf(user) is var role && role != AccessRole.None ? (calendar, role) : null;
    }

    private static string? BearerToken(string? authorization) =>
        authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization[7..].Trim()
            : null;

    private static ApiResponse Ok(JsonNode body) => ApiResponse.Ok(body);

    /// <summary>The calendar as it stands on <paramref name="user"/>'s list; <c>primary</c> only on their own primary calendar.</summary>
    private static JsonObject CalendarListEntry(CalendarData calendar, string role, string user)
    {
        var entry = new JsonObject
        {
            ["kind"] = "calendar#calendarListEntry",
            ["etag"] = $"\"{calendar.Updated.ToUnixTimeMilliseconds()}\"",
            ["id"] = calendar.Id,
            ["summary"] = calendar.Summary,
        };
        if (calendar.Description is { } description)
        {
            entry["description"] = description;
        }

        entry["timeZone"] = calendar.Zone.Id;
        if (calendar.DataOwner is { } dataOwner)
        {
            entry["dataOwner"] = dataOwner;
        }

        entry["colorId"] = "14";
        entry["backgroundColor"] = "#9fe1e7";
        entry["foregroundColor"] = "#000000";
        entry["selected"] = true;
        entry["accessRole"] = role;
        entry["defaultReminders"] = new JsonArray();
        if (string.Equals(calendar.Id, user, StringComparison.OrdinalIgnoreCase))
        {
            entry["primary"] = true;
        }

        return entry;
    }

    private static JsonObject CalendarResource(CalendarData calendar)
    {
        var resource = new JsonObject
        {
            ["kind"] = "calendar#calendar",
            ["etag"] = $"\"{calendar.Updated.ToUnixTimeMilliseconds()}\"",
            ["id"] = calendar.Id,
            ["summary"] = calendar.Summary,
        };
        if (calendar.Description is { } description)
        {
            resource["description"] = description;
        }

        resource["timeZone"] = calendar.Zone.Id;
        if (calendar.DataOwner is { } dataOwner)
        {
            resource["dataOwner"] = dataOwner;
        }

        return resource;
    }

    /// <summary>The zone answers are written in: the request's <c>timeZone</c>, else the calendar's.</summary>
    private static TimeZoneInfo ResponseZone(ApiRequest request, CalendarData calendar) =>
        RfcTime.FindZone(request.Query["timeZone"].ToString()) ?? calendar.Zone;
}
