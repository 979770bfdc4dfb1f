using System.Text.Json.Nodes;

namespace CalendarSync.Emulator.Calendar;

/// <summary>
/// One event as stored: the fields the client wrote plus Google's server-side fields. Never changed in
/// place: every write stores a new instance, so a reader under the calendar's lock sees a consistent event.
/// </summary>
internal sealed class StoredEvent
{
    private IReadOnlyList<EventTime>? _instances;

    public required string Id { get; init; }

    /// <summary>The client-writable fields; cloned whenever rendered, never mutated once stored.</summary>
    public required JsonObject Body { get; init; }

    public required string Status { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required DateTimeOffset Updated { get; init; }

    /// <summary>The calendar's change number at this write: sync tokens and page snapshots compare it.</summary>
    public required long Version { get; init; }

    /// <summary>Creation order, the stable default order of events.list.</summary>
    public required long Ordinal { get; init; }

    public required string ETag { get; init; }

    public required int Sequence { get; init; }

    public required EventTime Start { get; init; }

    public required EventTime End { get; init; }

    public IReadOnlyList<string>? Recurrence { get; init; }

    /// <summary>For a modified or cancelled instance of a recurring event: the series it belongs to.</summary>
    public string? RecurringEventId { get; init; }

    public EventTime? OriginalStart { get; init; }

    /// <summary>
    /// A cancelled instance that a change to its whole series did away with (a <c>cancelReplacedInstances</c> fault);
    /// it goes again when a later change brings the instance back.
    /// </summary>
    public bool Replaced { get; init; }

    /// <summary>
    /// For an event stored as given (<c>POST /emulator/calendars/{id}/events</c>) whose times or rules Google's checks
    /// would refuse: its <c>start</c>, <c>end</c> and <c>recurrence</c> exactly as given (absent ones absent), shown in
    /// answers instead of <see cref="Start"/> and <see cref="End"/>, which then only place it for time filters.
    /// </summary>
    public JsonObject? GivenTimes { get; init; }

    public bool IsCancelled => Status == EventStatus.Cancelled;

    public bool IsRecurring => Recurrence is { Count: > 0 };

    public string EventType => Body["eventType"]?.GetValue<string>() ?? "default";

    /// <summary>The series' instance starts, computed once per stored version (the calendar's lock guards the cache).</summary>
    public IReadOnlyList<EventTime> Instances(TimeZoneInfo calendarZone, DateTimeOffset horizon) =>
        _instances ??= Calendar.Recurrence.Expand(Start, Recurrence ?? [], calendarZone, horizon) ?? [];
}
