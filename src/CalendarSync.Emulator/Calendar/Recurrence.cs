using System.Globalization;
using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;

namespace CalendarSync.Emulator.Calendar;

/// <summary>Expands a recurring event's RRULE/RDATE/EXDATE lines into instance starts, in the event's zone so DST holds.</summary>
internal static class Recurrence
{
    /// <summary>Never more instances than this per event, so an endless rule stays cheap.</summary>
    public const int MaxInstances = 3000;

    private static readonly string[] AllowedPrefixes = ["RRULE", "EXRULE", "RDATE", "EXDATE"];

    public static bool IsValidLine(string line) =>
        AllowedPrefixes.Any(prefix => line.StartsWith(prefix + ":", StringComparison.OrdinalIgnoreCase) ||
                                      line.StartsWith(prefix + ";", StringComparison.OrdinalIgnoreCase));

    /// <summary>Instance starts from the first one up to <paramref name="horizon"/>; null when the lines do not parse.</summary>
    public static IReadOnlyList<EventTime>? Expand(
        EventTime start, IReadOnlyList<string> lines, TimeZoneInfo calendarZone, DateTimeOffset horizon)
    {
        var zoneId = start.TimeZone ?? calendarZone.Id;
        var text = new StringBuilder()
            .Append("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//CalendarSync//Emulator//EN\r\nBEGIN:VEVENT\r\nUID:x\r\n");
        if (start.Date is { } date)
        {
            text.Append(CultureInfo.InvariantCulture, $"DTSTART;VALUE=DATE:{date:yyyyMMdd}\r\n");
        }
        else
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            var local = TimeZoneInfo.ConvertTime(start.Instant, zone).DateTime;
            text.Append(CultureInfo.InvariantCulture, $"DTSTART;TZID={zoneId}:{local:yyyyMMdd'T'HHmmss}\r\n");
        }

        foreach (var line in lines)
        {
            text.Append(line.Trim()).Append("\r\n");
        }

        text.Append("END:VEVENT\r\nEND:VCALENDAR\r\n");

        var instances = new List<EventTime>();
        try
        {
            var calendar = Ical.Net.Calendar.Load(text.ToString());
            if (calendar?.Events.FirstOrDefault() is not CalendarEvent calendarEvent)
            {
                return null;
            }

            foreach (var occurrence in calendarEvent.GetOccurrences())
            {
                var instance = ToEventTime(occurrence.Period.StartTime, start);
                if (instance.InstantIn(calendarZone) >= horizon || instances.Count >= MaxInstances)
                {
                    break;
                }

                instances.Add(instance);
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or NotSupportedException
                                       or EvaluationOutOfRangeException)
        {
            return null;
        }

        return instances;
    }

    private static EventTime ToEventTime(CalDateTime start, EventTime master) =>
        master.IsAllDay
            ? new EventTime(DateOnly.FromDateTime(start.Value), default, null)
            : new EventTime(null, new DateTimeOffset(start.AsUtc, TimeSpan.Zero), master.TimeZone);
}
