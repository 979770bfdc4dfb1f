using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;

namespace CalendarSync.Core.Connections;

/// <summary>How the sync reads one calendar of a staff member's list.</summary>
public enum CalendarReading
{
    /// <summary>Not read.</summary>
    No,

    /// <summary>Busy times only, through free/busy: blocks with no title or detail.</summary>
    BusyOnly,

    /// <summary>Every event: the primary, the write calendar and the calendars chosen to be read in full.</summary>
    Full,
}

/// <summary>A calendar of the staff member's list, how the sync reads it, and whether it receives appointments.</summary>
public sealed record ChosenCalendar(CalendarEntry Calendar, CalendarReading Reading, bool IsWrite = false);

/// <summary>
/// Which of a staff member's calendars make them busy and which receives appointments: their calendar list as Google has
/// it now, each calendar with how it is read, and the whole choice set at once (<see cref="CalendarSelection"/>), for the
/// data API, calsync and the operator page alike. A change queues a sync, so it takes effect within seconds. A write
/// calendar can be created when asked ("Bookings"), marked so that a retry finds it instead of creating another. Google's
/// failures throw a <see cref="CalendarException"/> (<see cref="CalendarGrantRevokedException"/>: the staff member must
/// reconnect first).
/// </summary>
public sealed class CalendarChoice(IConnectionStore connections, ICalendarDirectory directory, ConnectionControl control, SyncScheduler scheduler)
{
    /// <summary>The title of a created write calendar when the caller gives none.</summary>
    public const string DefaultTitle = "Bookings";

    /// <summary>The staff member's calendars with how each is read; null when they have no connection.</summary>
    public async Task<ChosenCalendars?> ListAsync(string staffId, CancellationToken cancellationToken)
    {
        ItemId.Validate(staffId, "staff");
        return await connections.GetAsync(staffId, cancellationToken) is { } record
            ? Read(record.Connection, await directory.ListCalendarsAsync(record.Connection, cancellationToken))
            : null;
    }

    /// <summary>
    /// Makes <paramref name="selection"/> the staff member's choice and queues a sync; null when there is no connection.
    /// A <see cref="CalendarSelection.CreateWriteCalendar"/> is created (or found, made by an earlier try) in the staff
    /// member's time zone and becomes the write calendar; when their grant does not allow creating it, the rest of the
    /// choice and the wish are kept and <see cref="ReconnectForCalendarException"/> says they must connect again.
    /// </summary>
    public async Task<ChosenCalendars?> SetAsync(string staffId, CalendarSelection selection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ItemId.Validate(staffId, "staff");
        if (selection.CreateWriteCalendar is not null)
        {
            selection = selection with { CreateWriteCalendar = CalendarSelection.CalendarTitle(selection.CreateWriteCalendar) };
        }

        if (await connections.GetAsync(staffId, cancellationToken) is not { } record)
        {
            return null;
        }

        var list = await directory.ListCalendarsAsync(record.Connection, cancellationToken);

        // Checked before anything is created: a choice that cannot stand leaves no calendar behind.
        selection.ApplyTo(record.Connection, list);
        if (selection.CreateWriteCalendar is { } title)
        {
            try
            {
                var created = await FindOrCreateAsync(record, title, list, cancellationToken);
                (selection, list) = (selection with { Write = created.Id, CreateWriteCalendar = null }, With(list, created));
            }
            catch (CalendarNotWritableException ex)
            {
                if (await SaveAsync(staffId, selection, list, cancellationToken) is null)
                {
                    return null;
                }

                throw new ReconnectForCalendarException(
                    $"Creating the calendar '{PlainText.Excerpt(title)}' needs the staff member's permission to create calendars, which their connection does not grant. "
                    + "The wish is kept (the rest of the choice is saved): their next connect link asks for that permission, and once they connect again the calendar is created and receives their appointments.",
                    ex);
            }
        }

        return await SaveAsync(staffId, selection, list, cancellationToken) is { } saved ? Read(saved.Connection, list) : null;
    }

    /// <summary>
    /// Creates the write calendar the staff member asked for before their grant allowed it (see
    /// <see cref="CalendarConnection.CreateWriteCalendar"/>), now that they connected again, and makes it the write
    /// calendar; false when none is awaited. The caller queues the sync. <see cref="CalendarNotWritableException"/> when
    /// the new grant still does not allow it (the wish stays).
    /// </summary>
    public async Task<bool> CreateAwaitedAsync(string staffId, CancellationToken cancellationToken)
    {
        if (await connections.GetAsync(staffId, cancellationToken) is not { Connection.CreateWriteCalendar: { } title } record)
        {
            return false;
        }

        var list = await directory.ListCalendarsAsync(record.Connection, cancellationToken);
        var created = await FindOrCreateAsync(record, title, list, cancellationToken);
        return await control.ChooseCalendarsAsync(staffId, new CalendarSelection { Write = created.Id }, With(list, created), cancellationToken) is not null;
    }

    /// <summary>What the status and the operator page say while a write calendar awaits the staff member's reconnect; null when none does.</summary>
    public static string? AwaitedReconnect(CalendarConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.CreateWriteCalendar is { } title
            ? $"Reconnect awaited: the calendar '{title}' is created and receives appointments once the staff member connects again (the connect link asks for the permission to create it)."
            : null;
    }

    /// <summary>The description CalendarSync gives a calendar it creates for <paramref name="staffId"/>: how a retry knows it.</summary>
    public static string Mark(string staffId) => $"Appointments of staff member {staffId}, written by CalendarSync.";

    // A crash between creating the calendar and saving the choice leaves it on the list, marked: the retry takes it.
    private async Task<CalendarEntry> FindOrCreateAsync(ConnectionRecord record, string title, IReadOnlyList<CalendarEntry> list, CancellationToken cancellationToken) =>
        list.FirstOrDefault(c => c.Description == Mark(record.StaffId) && c.Summary == title && c.AccessRole == CalendarAccessRole.Owner)
        ?? await directory.CreateCalendarAsync(record.Connection, title, record.TimeZoneId, Mark(record.StaffId), cancellationToken);

    private async Task<ConnectionRecord?> SaveAsync(
        string staffId, CalendarSelection selection, IReadOnlyList<CalendarEntry> list, CancellationToken cancellationToken)
    {
        if (await control.ChooseCalendarsAsync(staffId, selection, list, cancellationToken) is not { } saved)
        {
            return null;
        }

        await scheduler.QueueAsync(saved, SyncReason.Manual, cancellationToken);
        return saved;
    }

    private static List<CalendarEntry> With(IReadOnlyList<CalendarEntry> list, CalendarEntry created) =>
        list.Any(c => c.Id == created.Id) ? [.. list] : [.. list, created];

    private static ChosenCalendars Read(CalendarConnection connection, IReadOnlyList<CalendarEntry> list) => new(
        [.. list.Select(c => new ChosenCalendar(c, Reading(connection, c), Same(c.Id, connection.WriteCalendar)))],
        connection.CreateWriteCalendar);

    private static CalendarReading Reading(CalendarConnection connection, CalendarEntry calendar) =>
        calendar.IsPrimary || Same(calendar.Id, connection.CalendarId) || Same(calendar.Id, connection.WriteCalendar)
        || connection.ReadCalendars.Ids.Contains(calendar.Id, StringComparer.OrdinalIgnoreCase) ? CalendarReading.Full
        : connection.BusyCalendars.Ids.Contains(calendar.Id, StringComparer.OrdinalIgnoreCase) ? CalendarReading.BusyOnly
        : CalendarReading.No;

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
