using System.Globalization;
using System.Text.Json.Nodes;
using CalendarSync.Emulator.Google;

namespace CalendarSync.Emulator.Calendar;

/// <summary>calendars.insert and delete, and the user's calendar list: calendarList.list, get and delete.</summary>
public sealed partial class CalendarApi
{
    private const int DefaultListPageSize = 100;
    private const int MaxListPageSize = 250;

    private ApiResponse InsertCalendar(ApiRequest request, Caller caller)
    {
        if (EventInput.ParseBody(request.Body) is not { } body)
        {
            return EventInput.ParseError();
        }

        if (body["summary"] is not JsonValue summaryValue || !summaryValue.TryGetValue<string>(out var summary) || summary.Length == 0)
        {
            return GoogleError.BadRequest("Missing title.", "required", "summary");
        }

        var zone = calendars.Find(caller.Email)?.Zone ?? TimeZoneInfo.Utc;
        if (body["timeZone"] is { } zoneNode)
        {
            if (zoneNode is not JsonValue zoneValue || !zoneValue.TryGetValue<string>(out var zoneId) || RfcTime.FindZone(zoneId) is not { } given)
            {
                return GoogleError.BadRequest("Invalid time zone definition.", location: "timeZone");
            }

            zone = given;
        }

        var description = body["description"] is JsonValue d && d.TryGetValue<string>(out var text) ? text : null;
        return Ok(CalendarResource(calendars.CreateSecondary(caller.Email, summary, zone, description, caller.ClientId)));
    }

    /// <summary>Only an owner deletes a calendar, and never a primary one; its channels close with it.</summary>
    private ApiResponse DeleteCalendar(CalendarData calendar, string role)
    {
        if (!AccessRole.Allows(role, AccessRole.Owner))
        {
            return GoogleError.RequiredAccessLevel(AccessRole.Owner);
        }

        if (calendar.IsPrimary)
        {
            return GoogleError.CannotDeletePrimaryCalendar();
        }

        calendars.Delete(calendar);
        channels.CloseAll(calendar.Id);
        return ApiResponse.NoContent;
    }

    private ApiResponse CalendarListEntryCall(string method, string calendarId, Caller caller, string apiMethod)
    {
        var user = caller.Email;
        var id = calendarId == "primary" ? user : calendarId;
        var list = calendars.ListOf(user);
        lock (list.Gate)
        {
            if (list.Find(id) is not { Deleted: false } || FindCalendar(id, user) is not ({ } calendar, { } role))
            {
                return GoogleError.NotFound();
            }

            if (CalendarScopes.ReachOf(apiMethod, caller, calendar, role) == CalendarScopes.Reach.None)
            {
                return GoogleError.InsufficientScopes(apiMethod, CalendarScopes.AcceptedBy(apiMethod));
            }

            switch (method)
            {
                case "GET":
                    return Ok(CalendarListEntry(calendar, role, user));
                case "DELETE" when calendar.IsPrimary && string.Equals(calendar.Id, user, StringComparison.OrdinalIgnoreCase):
                    return GoogleError.CannotChangeOwnPrimarySubscription();
                case "DELETE":
                    // Unsubscribing takes the calendar off the list only: the role stays, as it does at Google.
                    list.Remove(id);
                    return ApiResponse.NoContent;
                default:
                    return GoogleError.NotFound();
            }
        }
    }

    private ApiResponse ListCalendarList(ApiRequest request, string user)
    {
        var query = request.Query;
        var syncToken = NullIfEmpty(query["syncToken"].ToString());
        if (CalendarListQueryRefusal(query, syncToken is not null, out var maxResults, out var minAccessRole, out var showDeleted) is { } refused)
        {
            return refused;
        }

        var pageToken = NullIfEmpty(query["pageToken"].ToString());
        var list = calendars.ListOf(user);
        lock (list.Gate)
        {
            var snapshot = list.Version;
            long? since = null;
            long lastOrdinal = 0;
            if (pageToken is not null)
            {
                if (!ListCursor.TryReadPageToken(pageToken, list, out snapshot, out since, out lastOrdinal))
                {
                    return GoogleError.BadRequest("Invalid page token value.", location: "pageToken");
                }
            }
            else if (syncToken is not null)
            {
                since = ListCursor.ReadSyncToken(syncToken, list, calendars.SyncGeneration);
                if (since is null)
                {
                    return GoogleError.FullSyncRequired();
                }
            }

            // An incremental list always names the entries that left, as Google's does.
            var withDeleted = showDeleted || since is not null;
            var page = new List<(ListedCalendar Entry, JsonObject Rendered)>();
            foreach (var entry in list.Entries.Where(e => e.Ordinal > lastOrdinal && e.Version <= snapshot && (since is null || e.Version > since)))
            {
                if (entry.Deleted || FindCalendar(entry.CalendarId, user) is not ({ } calendar, { } role))
                {
                    if (withDeleted)
                    {
                        page.Add((entry, DeletedListEntry(entry)));
                    }
                }
                else if (minAccessRole is null || AccessRole.Allows(role, minAccessRole))
                {
                    page.Add((entry, CalendarListEntry(calendar, role, user)));
                }

                if (page.Count > maxResults)
                {
                    break;
                }
            }

            var answer = new JsonObject
            {
                ["kind"] = "calendar#calendarList",
                ["etag"] = $"\"{list.Version.ToString(CultureInfo.InvariantCulture)}\"",
            };
            if (page.Count > maxResults)
            {
                page.RemoveAt(maxResults);
                answer["nextPageToken"] = ListCursor.PageToken(list, snapshot, since, page[^1].Entry.Ordinal);
            }
            else
            {
                answer["nextSyncToken"] = ListCursor.SyncToken(list, calendars.SyncGeneration, snapshot);
            }

            answer["items"] = new JsonArray(page.Select(p => (JsonNode?)p.Rendered).ToArray());
            return Ok(answer);
        }
    }

    /// <summary>The list's parameters read, or the refusal Google gives a bad one (and, with a sync token, a forbidden one).</summary>
    private static ApiResponse? CalendarListQueryRefusal(
        IQueryCollection query, bool incremental, out int maxResults, out string? minAccessRole, out bool showDeleted)
    {
        (maxResults, minAccessRole, showDeleted) = (DefaultListPageSize, null, false);
        if (query["maxResults"].ToString() is { Length: > 0 } maxText)
        {
            if (!int.TryParse(maxText, CultureInfo.InvariantCulture, out maxResults) || maxResults < 1)
            {
                return GoogleError.BadRequest("Invalid value for: maxResults", location: "maxResults");
            }

            maxResults = Math.Min(maxResults, MaxListPageSize);
        }

        if (NullIfEmpty(query["minAccessRole"].ToString()) is { } role)
        {
            if (incremental)
            {
                return GoogleError.BadRequest("The parameter minAccessRole cannot be used together with syncToken.", location: "minAccessRole");
            }

            if (!AccessRole.IsValid(role) || role == AccessRole.None)
            {
                return GoogleError.BadRequest("Invalid value for: minAccessRole", location: "minAccessRole");
            }

            minAccessRole = role;
        }

        foreach (var name in (string[])["showDeleted", "showHidden"])
        {
            if (!TryFlag(query, name, out var value))
            {
                return GoogleError.BadRequest($"Invalid value for: {name}", location: name);
            }

            if (incremental && query.ContainsKey(name) && !value)
            {
                return GoogleError.BadRequest($"The parameter {name} cannot be false together with syncToken.", location: name);
            }

            if (name == "showDeleted")
            {
                showDeleted = value;
            }
        }

        return null;
    }

    private static JsonObject DeletedListEntry(ListedCalendar entry) => new()
    {
        ["kind"] = "calendar#calendarListEntry",
        ["etag"] = $"\"{entry.Version.ToString(CultureInfo.InvariantCulture)}\"",
        ["id"] = entry.CalendarId,
        ["deleted"] = true,
    };
}
