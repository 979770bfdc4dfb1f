namespace CalendarSync.Core.Calendar;

/// <summary>One write to the calendar: an insert with our own id, a full update guarded by an etag, or a delete.</summary>
public sealed record EventWrite
{
    private EventWrite(EventWriteKind kind, string eventId, CalendarEvent? calendarEvent, string? ifMatch)
    {
        Kind = kind;
        EventId = eventId;
        Event = calendarEvent;
        IfMatch = ifMatch;
    }

    public EventWriteKind Kind { get; }

    public string EventId { get; }

    /// <summary>The full event to write; absent for deletes.</summary>
    public CalendarEvent? Event { get; }

    /// <summary>Etag for <c>If-Match</c>: the update fails with <see cref="EventWriteOutcome.Changed"/> if the event changed since.</summary>
    public string? IfMatch { get; }

    public static EventWrite Insert(CalendarEvent calendarEvent) => new(EventWriteKind.Insert, calendarEvent.Id, calendarEvent, null);

    public static EventWrite Update(CalendarEvent calendarEvent, string? ifMatch) =>
        new(EventWriteKind.Update, calendarEvent.Id, calendarEvent, ifMatch);

    public static EventWrite Delete(string eventId) => new(EventWriteKind.Delete, eventId, null, null);
}
