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
    public BusyCalendars BusyCalendars { get; init; } = BusyCalendars.None;

    public ConnectionStatus Status { get; init; }

    public DateTimeOffset? LastSyncAt { get; init; }

    public SyncOutcome? LastOutcome { get; init; }
}
