using System.Text.Json.Nodes;
using CalendarSync.Emulator.Google;

namespace CalendarSync.Emulator.Calendar;

/// <summary>
/// freeBusy.query: the busy periods of several calendars in one range, as Google computes them from the events a
/// caller may not read (opaque, not cancelled, not declined; all-day ones across their dates, series expanded).
/// </summary>
public sealed partial class CalendarApi
{
    /// <summary>Google answers at most this many calendars a query; the ones after it carry <c>tooManyCalendarsRequested</c>.</summary>
    public const int MaxFreeBusyCalendars = 50;

    private const int MaxFreeBusyGroupExpansion = 100;

    private ApiResponse FreeBusy(ApiRequest request, string user)
    {
        if (EventInput.ParseBody(request.Body) is not { } body)
        {
            return GoogleError.BadRequest("Parse Error", "parseError");
        }

        if (FreeBusyRangeRefusal(body, out var timeMin, out var timeMax) is { } refused)
        {
            return refused;
        }

        var zoneText = body["timeZone"] is JsonValue zoneValue && zoneValue.TryGetValue<string>(out var z) ? z : null;
        var zone = zoneText is null ? TimeZoneInfo.Utc : RfcTime.FindZone(zoneText);
        if (zone is null)
        {
            return GoogleError.BadRequest("Invalid time zone definition.", location: "timeZone");
        }

        foreach (var (name, max) in new[] { ("calendarExpansionMax", MaxFreeBusyCalendars), ("groupExpansionMax", MaxFreeBusyGroupExpansion) })
        {
            if (!TryLimit(body, name, max, out _))
            {
                return GoogleError.BadRequest($"Invalid value for: {name}", location: name);
            }
        }

        TryLimit(body, "calendarExpansionMax", MaxFreeBusyCalendars, out var calendarLimit);
        var ids = new List<string>();
        foreach (var item in body["items"] as JsonArray ?? [])
        {
            if (item?["id"] is not JsonValue idValue || !idValue.TryGetValue<string>(out var id) || id.Length == 0)
            {
                return GoogleError.BadRequest("Missing id in items.", "required", "items.id");
            }

            ids.Add(id);
        }

        var answered = new JsonObject();
        foreach (var (id, index) in ids.Select((id, index) => (id, index)))
        {
            if (answered.ContainsKey(id))
            {
                continue;
            }

            answered[id] = index >= calendarLimit
                ? CalendarError("tooManyCalendarsRequested")
                : FindCalendar(id, user) is ({ } calendar, _)
                    ? new JsonObject { ["busy"] = BusyPeriods(calendar, timeMin, timeMax, zone) }
                    : CalendarError("notFound");
        }

        return Ok(new JsonObject
        {
            ["kind"] = "calendar#freeBusy",
            ["timeMin"] = RfcTime.Stamp(timeMin),
            ["timeMax"] = RfcTime.Stamp(timeMax),
            ["calendars"] = answered,
        });
    }

    /// <summary>A refusal of a missing, unreadable or empty range, worded as Google words it; null for a good one.</summary>
    private static ApiResponse? FreeBusyRangeRefusal(JsonObject body, out DateTimeOffset timeMin, out DateTimeOffset timeMax)
    {
        var range = new DateTimeOffset[2];
        foreach (var (name, index) in new[] { ("timeMin", 0), ("timeMax", 1) })
        {
            if (body[name] is null)
            {
                (timeMin, timeMax) = (default, default);
                return GoogleError.BadRequest($"Missing {name} parameter.", "required", name);
            }

            if (body[name] is not JsonValue value || !value.TryGetValue<string>(out var text) || !RfcTime.TryParseWithOffset(text, out range[index]))
            {
                (timeMin, timeMax) = (default, default);
                return GoogleError.BadRequest($"Invalid value for: {name}", location: name);
            }
        }

        (timeMin, timeMax) = (range[0].ToUniversalTime(), range[1].ToUniversalTime());
        return timeMax <= timeMin ? GoogleError.BadRequest("The specified time range is empty.", "timeRangeEmpty", "timeMax") : null;
    }

    private static bool TryLimit(JsonObject body, string name, int max, out int limit)
    {
        limit = max;
        if (body[name] is null)
        {
            return true;
        }

        if (body[name] is not JsonValue value || !value.TryGetValue<int>(out var given) || given < 0 || given > max)
        {
            return false;
        }

        limit = given;
        return true;
    }

    private static JsonObject CalendarError(string reason) => new()
    {
        ["errors"] = new JsonArray(new JsonObject { ["domain"] = "global", ["reason"] = reason }),
        ["busy"] = new JsonArray(),
    };

    /// <summary>The calendar's busy time in [min, max), clipped to it, with overlapping and touching periods merged.</summary>
    private JsonArray BusyPeriods(CalendarData calendar, DateTimeOffset min, DateTimeOffset max, TimeZoneInfo zone)
    {
        var periods = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        lock (calendar.Gate)
        {
            foreach (var ev in calendar.Events.Values.Where(ev => BlocksTime(ev, calendar.Id)))
            {
                if (!ev.IsRecurring)
                {
                    periods.Add((ev.Start.InstantIn(calendar.Zone), ev.End.InstantIn(calendar.Zone)));
                    continue;
                }

                foreach (var start in ev.Instances(calendar.Zone, Horizon()))
                {
                    // A modified or cancelled instance is stored on its own and counted (or not) as itself.
                    if (start.InstantIn(calendar.Zone) < max && !calendar.Events.ContainsKey(EventIds.InstanceId(ev.Id, start)))
                    {
                        var instance = InstanceOf(ev, start);
                        periods.Add((instance.Start.InstantIn(calendar.Zone), instance.End.InstantIn(calendar.Zone)));
                    }
                }
            }
        }

        var busy = new JsonArray();
        DateTimeOffset? openStart = null, openEnd = null;
        foreach (var (start, end) in periods
                     .Where(p => p.End > min && p.Start < max)
                     .Select(p => (Start: p.Start < min ? min : p.Start, End: p.End > max ? max : p.End))
                     .OrderBy(p => p.Start))
        {
            if (openEnd is { } last && start <= last)
            {
                openEnd = end > last ? end : last;
                continue;
            }

            AddPeriod(busy, openStart, openEnd, zone);
            (openStart, openEnd) = (start, end);
        }

        AddPeriod(busy, openStart, openEnd, zone);
        return busy;
    }

    private static void AddPeriod(JsonArray busy, DateTimeOffset? start, DateTimeOffset? end, TimeZoneInfo zone)
    {
        if (start is { } s && end is { } e)
        {
            busy.Add(new JsonObject { ["start"] = RfcTime.InZone(s, zone), ["end"] = RfcTime.InZone(e, zone) });
        }
    }

    /// <summary>Google counts an event busy unless it is cancelled, marked free, or declined by the calendar's owner.</summary>
    private static bool BlocksTime(StoredEvent ev, string owner) =>
        !ev.IsCancelled &&
        ev.Body["transparency"]?.GetValue<string>() != "transparent" &&
        !(ev.Body["attendees"] as JsonArray ?? []).Any(attendee =>
            string.Equals(attendee?["email"]?.GetValue<string>(), owner, StringComparison.OrdinalIgnoreCase) &&
            attendee?["responseStatus"]?.GetValue<string>() == "declined");
}
