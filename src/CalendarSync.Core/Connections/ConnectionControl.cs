using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Connections;

/// <summary>
/// What an operator changes on a connection without touching its grant: pause and resume (the original system's
/// <c>sync_enabled</c>; a paused connection is left out by the sweep and refused by "sync now") and the sync direction.
/// Each change is a conditional write of the connection, tried again when a run's record got in between.
/// </summary>
public sealed class ConnectionControl(IConnectionStore connections)
{
    private const int MaxAttempts = 5;

    /// <summary>Pauses an active (or failing) connection; null when there is none. Pausing a paused one changes nothing.</summary>
    public Task<ConnectionRecord?> PauseAsync(string staffId, CancellationToken cancellationToken) =>
        ChangeAsync(staffId, connection => connection.Status switch
        {
            ConnectionStatus.Paused => connection,
            ConnectionStatus.Active or ConnectionStatus.Error => connection with { Status = ConnectionStatus.Paused },
            _ => throw new DomainValidationException(
                "staffId", $"The connection is {connection.Status}; only an active connection can be paused."),
        }, cancellationToken);

    /// <summary>Resumes a paused connection (the next sweep syncs it again); null when there is none. Resuming an active one changes nothing.</summary>
    public Task<ConnectionRecord?> ResumeAsync(string staffId, CancellationToken cancellationToken) =>
        ChangeAsync(staffId, connection => connection.Status switch
        {
            ConnectionStatus.Paused => connection with { Status = ConnectionStatus.Active },
            ConnectionStatus.Active or ConnectionStatus.Error => connection,
            _ => throw new DomainValidationException(
                "staffId", $"The connection is {connection.Status}; only a paused connection can be resumed."),
        }, cancellationToken);

    /// <summary>Sets which ways the connection syncs; null when there is none.</summary>
    public Task<ConnectionRecord?> SetDirectionAsync(string staffId, SyncDirection direction, CancellationToken cancellationToken) =>
        ChangeAsync(staffId, connection => new CalendarConnection(connection.StaffId, connection.CalendarId, direction, connection.Status, connection.Provider)
        {
            LastSyncAt = connection.LastSyncAt,
            LastOutcome = connection.LastOutcome,
            BusyCalendars = connection.BusyCalendars,
            ReadCalendars = connection.ReadCalendars,
            WriteCalendarId = connection.WriteCalendarId,
            CreateWriteCalendar = connection.CreateWriteCalendar,
        }, cancellationToken);

    /// <summary>
    /// Makes <paramref name="selection"/> the staff member's choice of calendars, by its rules (<see cref="CalendarSelection.ApplyTo"/>)
    /// against their calendar list as Google has it now (<paramref name="calendarList"/>); null when there is no connection.
    /// </summary>
    public Task<ConnectionRecord?> ChooseCalendarsAsync(
        string staffId, CalendarSelection selection, IReadOnlyList<Calendar.CalendarEntry> calendarList, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(calendarList);
        return ChangeAsync(staffId, connection => selection.ApplyTo(connection, calendarList), cancellationToken);
    }

    /// <summary>Reads a direction as the data API and calsync take it: its name (<c>Bidirectional</c>, <c>PushOnly</c>, <c>PullOnly</c>), in any case.</summary>
    public static SyncDirection ParseDirection(string? text) =>
        Enum.TryParse<SyncDirection>(text, ignoreCase: true, out var direction) && Enum.IsDefined(direction) && !int.TryParse(text, out _)
            ? direction
            : throw new DomainValidationException(
                "direction", $"The direction is one of {string.Join(", ", Enum.GetNames<SyncDirection>())}.");

    private async Task<ConnectionRecord?> ChangeAsync(
        string staffId, Func<CalendarConnection, CalendarConnection> change, CancellationToken cancellationToken)
    {
        ItemId.Validate(staffId, "staff");
        for (var attempt = 1; ; attempt++)
        {
            if (await connections.GetAsync(staffId, cancellationToken) is not { } current)
            {
                return null;
            }

            var changed = change(current.Connection);
            if (changed == current.Connection)
            {
                return current;
            }

            try
            {
                return await connections.SaveAsync(current with { Connection = changed }, cancellationToken);
            }
            catch (ConnectionChangedException) when (attempt < MaxAttempts)
            {
                // A run recorded itself in between: decide again on what it wrote.
            }
        }
    }
}
