using System.Globalization;
using System.Text.RegularExpressions;
using CalendarSync.Core.Calendar;
using GoogleEvent = CalendarSync.Google.Calendar.Data.Event;
using GoogleEventDateTime = CalendarSync.Google.Calendar.Data.EventDateTime;

namespace CalendarSync.Google.Sync;

/// <summary>Google's event JSON to Core's <see cref="CalendarEvent"/> and back; nothing else.</summary>
public static partial class GoogleEventMapper
{
    /// <summary>The fields the sync reads from a listing, so large lists carry nothing else.</summary>
    public const string ListFields =
        "nextPageToken,nextSyncToken,items(id,etag,status,summary,description,start,end,transparency,visibility,colorId,reminders," +
        "eventType,attendees(self,responseStatus),recurringEventId,recurrence,extendedProperties/private,updated)";

    public static CalendarEvent ToCore(GoogleEvent source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new CalendarEvent
        {
            Id = source.Id ?? throw new FormatException("Google answered an event without an id."),
            Summary = source.Summary,
            Description = source.Description,
            Start = ToCore(source.Start),
            End = ToCore(source.End),
            Status = source.Status switch
            {
                "cancelled" => EventStatus.Cancelled,
                "tentative" => EventStatus.Tentative,
                _ => EventStatus.Confirmed,
            },
            Transparency = source.Transparency == "transparent" ? EventTransparency.Transparent : EventTransparency.Opaque,
            EventType = source.EventType switch
            {
                null or "default" => EventType.Default,
                "outOfOffice" => EventType.OutOfOffice,
                "focusTime" => EventType.FocusTime,
                "workingLocation" => EventType.WorkingLocation,
                _ => EventType.BirthdayOrOther,
            },
            Visibility = source.Visibility == "private" ? EventVisibility.Private : EventVisibility.Default,
            ColorId = source.ColorId,
            Reminders = source.Reminders switch
            {
                null or { UseDefault: not false } => EventReminders.Default,
                { Overrides: null or { Count: 0 } } => EventReminders.None,
                _ => EventReminders.Custom,
            },
            HasAttendees = source.Attendees is { Count: > 0 },
            SelfResponse = source.Attendees?.FirstOrDefault(a => a.Self == true)?.ResponseStatus switch
            {
                null => AttendeeResponse.None,
                "declined" => AttendeeResponse.Declined,
                "accepted" => AttendeeResponse.Accepted,
                "tentative" => AttendeeResponse.Tentative,
                _ => AttendeeResponse.NeedsAction,
            },
            RecurringEventId = source.RecurringEventId,
            Recurrence = source.Recurrence?.ToArray() ?? [],
            PrivateProperties = source.ExtendedProperties?.Private__ is { } properties
                ? new Dictionary<string, string>(properties, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal),
            ETag = source.ETag,
            Updated = source.UpdatedDateTimeOffset,
        };
    }

    /// <summary>
    /// The event as we write it; read-only fields (etag, updated, status of a new event) stay out, and so do attendees:
    /// an event with guests is one Google may mail them about.
    /// </summary>
    public static GoogleEvent ToGoogle(CalendarEvent source, string? ifMatch)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new GoogleEvent
        {
            Id = source.Id,
            Summary = source.Summary,
            Description = source.Description,
            Start = ToGoogle(source.Start),
            End = ToGoogle(source.End),
            Status = source.Status switch
            {
                EventStatus.Tentative => "tentative",
                EventStatus.Cancelled => "cancelled",
                _ => "confirmed",
            },
            Transparency = source.Transparency == EventTransparency.Transparent ? "transparent" : "opaque",
            Visibility = source.Visibility == EventVisibility.Private ? "private" : "default",
            ColorId = source.ColorId,
            Reminders = source.Reminders switch
            {
                EventReminders.None => new GoogleEvent.RemindersData { UseDefault = false, Overrides = [] },
                EventReminders.Default => new GoogleEvent.RemindersData { UseDefault = true },
                _ => null,
            },
            Recurrence = source.Recurrence.Count > 0 ? source.Recurrence.ToList() : null,
            ExtendedProperties = source.PrivateProperties.Count > 0
                ? new GoogleEvent.ExtendedPropertiesData { Private__ = new Dictionary<string, string>(source.PrivateProperties, StringComparer.Ordinal) }
                : null,
            ETag = ifMatch,
        };
    }

    // A time that cannot be read is no time (the event then blocks nothing and is skipped) rather than an exception:
    // one odd event must not fail every sync of its staff member.
    private static Core.Calendar.EventDateTime? ToCore(GoogleEventDateTime? source) => source switch
    {
        null => null,
        { Date: { } date } => DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new Core.Calendar.EventDateTime { Date = day, TimeZone = source.TimeZone }
            : null,
        { DateTimeRaw: { } raw } => Instant(raw, source.TimeZone) is { } instant
            ? new Core.Calendar.EventDateTime { DateTime = instant, TimeZone = source.TimeZone }
            : null,
        _ => null,
    };

    // Google writes every dateTime with an offset. One without is read in the event's zone when that zone is known, and
    // not at all otherwise: read as UTC it would block the wrong hours.
    private static DateTimeOffset? Instant(string raw, string? timeZone)
    {
        if (!DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out var instant))
        {
            return null;
        }

        if (OffsetPattern().IsMatch(raw))
        {
            return instant;
        }

        return timeZone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone)
            ? new DateTimeOffset(instant.DateTime, zone.GetUtcOffset(instant.DateTime))
            : null;
    }

    [GeneratedRegex(@"(Z|z|[+-]\d{2}:?\d{2})\s*$", RegexOptions.CultureInvariant, 100)]
    private static partial Regex OffsetPattern();

    private static GoogleEventDateTime? ToGoogle(Core.Calendar.EventDateTime? source) => source switch
    {
        null => null,
        { Date: { } date } => new GoogleEventDateTime { Date = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
        { DateTime: { } instant } => new GoogleEventDateTime
        {
            DateTimeRaw = instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            TimeZone = source.TimeZone,
        },
        _ => null,
    };
}
