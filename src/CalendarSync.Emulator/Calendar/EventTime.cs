using System.Globalization;
using System.Text.Json.Nodes;
using CalendarSync.Emulator.Google;

namespace CalendarSync.Emulator.Calendar;

/// <summary>An event's start or end: an all-day date, or an instant with the zone the event was written in.</summary>
internal sealed record EventTime(DateOnly? Date, DateTimeOffset Instant, string? TimeZone)
{
    public bool IsAllDay => Date.HasValue;

    /// <summary>The instant this time stands for; an all-day date starts at midnight in the calendar's zone.</summary>
    public DateTimeOffset InstantIn(TimeZoneInfo calendarZone) =>
        Date is { } date ? RfcTime.FromLocal(date.ToDateTime(TimeOnly.MinValue), calendarZone) : Instant;

    public JsonObject Render(TimeZoneInfo fallbackZone)
    {
        if (Date is { } date)
        {
            return new JsonObject { ["date"] = RfcTime.Date(date) };
        }

        var zone = RfcTime.FindZone(TimeZone) ?? fallbackZone;
        var rendered = new JsonObject { ["dateTime"] = RfcTime.InZone(Instant, zone) };
        if (TimeZone is not null)
        {
            rendered["timeZone"] = TimeZone;
        }

        return rendered;
    }

    /// <summary>Reads <c>start</c>/<c>end</c>/<c>originalStartTime</c>; the error text is Google's.</summary>
    public static bool TryParse(JsonNode? node, string which, out EventTime? time, out string? error)
    {
        time = null;
        error = null;
        if (node is not JsonObject obj)
        {
            error = $"Missing {which} time.";
            return false;
        }

        var zoneId = obj["timeZone"]?.GetValue<string>();
        if (zoneId is not null && RfcTime.FindZone(zoneId) is null)
        {
            error = $"Invalid time zone definition for {which} time.";
            return false;
        }

        if (obj["date"]?.GetValue<string>() is { } dateText)
        {
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                error = $"Invalid {which} time.";
                return false;
            }

            time = new EventTime(date, default, null);
            return true;
        }

        if (obj["dateTime"]?.GetValue<string>() is not { } dateTimeText)
        {
            error = $"Missing {which} time.";
            return false;
        }

        if (RfcTime.HasOffset(dateTimeText))
        {
            if (!DateTimeOffset.TryParse(dateTimeText, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            {
                error = $"Invalid {which} time.";
                return false;
            }

            time = new EventTime(null, instant.ToUniversalTime(), zoneId);
            return true;
        }

        if (RfcTime.FindZone(zoneId) is not { } zone)
        {
            error = $"Missing time zone definition for {which} time.";
            return false;
        }

        if (!DateTime.TryParse(dateTimeText, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            error = $"Invalid {which} time.";
            return false;
        }

        time = new EventTime(null, RfcTime.FromLocal(local, zone).ToUniversalTime(), zoneId);
        return true;
    }
}
