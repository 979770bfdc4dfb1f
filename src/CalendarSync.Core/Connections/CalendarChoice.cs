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

    /// <summary>Every event, two ways: the primary calendar.</summary>
    Full,
}

/// <summary>A calendar of the staff member's list, and how the sync reads it.</summary>
public sealed record ChosenCalendar(CalendarEntry Calendar, CalendarReading Reading);

/// <summary>
/// Which of a staff member's calendars make them busy: their calendar list as Google has it now, each calendar with how it
/// is read, and the choice of the calendars read as busy times only (each on the list), for the data API and calsync
/// alike. A change queues a sync, so the busy time (or its removal) comes within seconds. Google's failures throw a
/// <see cref="CalendarException"/> (<see cref="CalendarGrantRevokedException"/>: the staff member must reconnect first).
/// </summary>
public sealed class CalendarChoice(IConnectionStore connections, ICalendarDirectory directory, ConnectionControl control, SyncScheduler scheduler)
{
    /// <summary>The staff member's calendars with how each is read; null when they have no connection.</summary>
    public async Task<IReadOnlyList<ChosenCalendar>?> ListAsync(string staffId, CancellationToken cancellationToken)
    {
        ItemId.Validate(staffId, "staff");
        return await connections.GetAsync(staffId, cancellationToken) is { } record
            ? Read(record.Connection, await directory.ListCalendarsAsync(record.Connection, cancellationToken))
            : null;
    }

    /// <summary>Reads <paramref name="calendarIds"/> as busy times only (none: empty), and queues a sync; null when there is no connection.</summary>
    public async Task<IReadOnlyList<ChosenCalendar>?> SetBusyOnlyAsync(string staffId, IReadOnlyList<string> calendarIds, CancellationToken cancellationToken)
    {
        ItemId.Validate(staffId, "staff");
        if (await connections.GetAsync(staffId, cancellationToken) is not { } record)
        {
            return null;
        }

        var list = await directory.ListCalendarsAsync(record.Connection, cancellationToken);
        if (await control.SetBusyCalendarsAsync(staffId, calendarIds, list, cancellationToken) is not { } saved)
        {
            return null;
        }

        await scheduler.QueueAsync(saved, SyncReason.Manual, cancellationToken);
        return Read(saved.Connection, list);
    }

    private static List<ChosenCalendar> Read(CalendarConnection connection, IReadOnlyList<CalendarEntry> list) =>
        [.. list.Select(c => new ChosenCalendar(c,
            c.IsPrimary || string.Equals(c.Id, connection.CalendarId, StringComparison.OrdinalIgnoreCase) ? CalendarReading.Full
            : connection.BusyCalendars.Ids.Contains(c.Id, StringComparer.OrdinalIgnoreCase) ? CalendarReading.BusyOnly
            : CalendarReading.No))];
}
