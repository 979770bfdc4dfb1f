namespace CalendarSync.Core.Calendar;

/// <summary>A Google Calendar event, reduced to the fields the sync reads or writes.</summary>
public sealed record CalendarEvent
{
    public required string Id { get; init; }

    public string? Summary { get; init; }

    public string? Description { get; init; }

    public EventDateTime? Start { get; init; }

    public EventDateTime? End { get; init; }

    public EventStatus Status { get; init; } = EventStatus.Confirmed;

    public EventTransparency Transparency { get; init; } = EventTransparency.Opaque;

    public EventType EventType { get; init; } = EventType.Default;

    public EventVisibility Visibility { get; init; } = EventVisibility.Default;

    /// <summary>One of Google's event colours, <c>1</c> to <c>11</c>; null for the calendar's colour.</summary>
    public string? ColorId { get; init; }

    public EventReminders Reminders { get; init; } = EventReminders.Default;

    /// <summary>Whether the event has guests: ours never do, so that Google never mails anyone about one.</summary>
    public bool HasAttendees { get; init; }

    public AttendeeResponse SelfResponse { get; init; } = AttendeeResponse.None;

    /// <summary>For an instance of a recurring event, the id of the series.</summary>
    public string? RecurringEventId { get; init; }

    /// <summary>RRULE/EXDATE lines of a recurring series; instances listed with singleEvents carry none.</summary>
    public IReadOnlyList<string> Recurrence { get; init; } = [];

    /// <summary>Private extended properties: visible only to this calendar's copy of the event, where we keep our item key and version.</summary>
    public IReadOnlyDictionary<string, string> PrivateProperties { get; init; } = new Dictionary<string, string>();

    public string? ETag { get; init; }

    public DateTimeOffset? Updated { get; init; }
}
