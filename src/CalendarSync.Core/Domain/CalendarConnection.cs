using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Domain;

/// <summary>A staff member's link to one external calendar, and how its last sync went.</summary>
public sealed record CalendarConnection
{
    public const string GoogleProvider = "google";

    public CalendarConnection(
        string staffId,
        string calendarId,
        SyncDirection direction = SyncDirection.Bidirectional,
        ConnectionStatus status = ConnectionStatus.Active,
        string provider = GoogleProvider)
    {
        StaffId = ItemId.Validate(staffId, "staff");
        CalendarId = string.IsNullOrWhiteSpace(calendarId)
            ? throw new DomainValidationException("A connection needs a calendar id.")
            : calendarId;
        Provider = provider == GoogleProvider
            ? provider
            : throw new DomainValidationException($"Unknown calendar provider '{provider}'; only '{GoogleProvider}' is supported.");
        Direction = Enum.IsDefined(direction) ? direction : throw new DomainValidationException($"Unknown direction {direction}.");
        Status = Enum.IsDefined(status) ? status : throw new DomainValidationException($"Unknown status {status}.");
    }

    public string StaffId { get; }

    public string Provider { get; }

    public string CalendarId { get; }

    public SyncDirection Direction { get; }

    /// <summary>The calendars besides the primary that make the staff member busy, read as busy times only.</summary>
    public OtherCalendars BusyCalendars { get; init; } = OtherCalendars.None;

    /// <summary>
    /// The calendars besides the primary (and the write calendar) whose every event makes the staff member busy, each
    /// read with its own sync token. The primary is always read in full, and so is the write calendar.
    /// </summary>
    public OtherCalendars ReadCalendars { get; init; } = OtherCalendars.None;

    /// <summary>
    /// The calendar that receives appointments and the rest, when not the primary (<see cref="CalendarId"/>): a secondary
    /// calendar of the staff member's, or the "Bookings" calendar CalendarSync created for them. A change moves the
    /// events there (<see cref="Sync.SyncState.MovedTo"/>).
    /// </summary>
    public string? WriteCalendarId { get; init; }

    /// <summary>The calendar that receives appointments: <see cref="WriteCalendarId"/>, or the primary.</summary>
    public string WriteCalendar => WriteCalendarId ?? CalendarId;

    /// <summary>Every calendar read in full: the primary, the write calendar, and the <see cref="ReadCalendars"/>; each once.</summary>
    public IReadOnlyList<string> FullyReadCalendars =>
        [.. new[] { CalendarId, WriteCalendar }.Concat(ReadCalendars.Ids).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// The title of a calendar CalendarSync is to create and make the write calendar once the staff member's grant allows
    /// it (Google's <c>calendar.app.created</c>): asked for, refused for the grant they gave, and awaiting their reconnect.
    /// </summary>
    public string? CreateWriteCalendar { get; init; }

    public ConnectionStatus Status { get; init; }

    public DateTimeOffset? LastSyncAt { get; init; }

    public SyncOutcome? LastOutcome { get; init; }
}
