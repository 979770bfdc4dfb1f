using System.Text.Json.Nodes;
using CalendarSync.Emulator.Google;

namespace CalendarSync.Emulator.Calendar;

/// <summary>Events stored as given, for tests of what a client must survive reading: see <see cref="InsertAsGiven"/>.</summary>
public sealed partial class CalendarApi
{
    /// <summary>
    /// Stores an event without the checks Google makes on what a client writes: any event type (birthday and fromGmail
    /// events are made by Google itself), and times, zones and recurrence rules Google would refuse, which are then
    /// answered exactly as given and placed, for timeMin/timeMax, at the present hour. Null when the calendar is unknown.
    /// </summary>
    internal JsonObject? InsertAsGiven(string calendarId, JsonObject body, string origin)
    {
        if (calendars.Find(calendarId) is not { } calendar)
        {
            return null;
        }

        var id = body["id"] is JsonValue idValue && idValue.TryGetValue<string>(out var clientId) && EventIds.IsValid(clientId)
            ? clientId
            : EventIds.NewId();
        JsonObject rendered;
        lock (calendar.Gate)
        {
            StoredEvent stored;
            if (EventInput.Validate(body, calendar, out _, anyEventType: true) is { } input)
            {
                stored = Store(calendar, input, id, calendar.Events.GetValueOrDefault(id), 0, recurringEventId: null, originalStart: null);
            }
            else
            {
                var now = time.GetUtcNow();
                var status = body["status"] is JsonValue s && s.TryGetValue<string>(out var text) && EventStatus.IsValid(text)
                    ? text
                    : EventStatus.Confirmed;
                var placed = new EventInput(body, new EventTime(null, now, null), new EventTime(null, now.AddHours(1), null), null, status);
                var given = new JsonObject();
                foreach (var name in (string[])["start", "end", "recurrence"])
                {
                    if (body[name] is { } value)
                    {
                        given[name] = value.DeepClone();
                    }
                }

                var plain = Store(calendar, placed, id, calendar.Events.GetValueOrDefault(id), 0, recurringEventId: null, originalStart: null);
                stored = new StoredEvent
                {
                    Id = plain.Id, Body = plain.Body, Status = plain.Status, Created = plain.Created, Updated = plain.Updated,
                    Version = plain.Version, Ordinal = plain.Ordinal, ETag = plain.ETag, Sequence = plain.Sequence,
                    Start = plain.Start, End = plain.End, GivenTimes = given,
                };
                calendar.Events[id] = stored;
            }

            rendered = EventRenderer.Render(stored, calendar, calendar.Zone, origin);
        }

        channels.NotifyChanged(calendar);
        return rendered;
    }
}
