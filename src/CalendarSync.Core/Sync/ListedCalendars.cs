using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Sync;

/// <summary>
/// A connection as the staff member's calendar list has it now: the calendars chosen besides the primary (read in full or as
/// busy times) that are no longer on their list, because they unsubscribed from it or it was unshared from them or deleted,
/// taken out of <see cref="Connection"/> and named in <see cref="Unlisted"/>. The run reads the calendars left, and the
/// blocks of the others go as those of a calendar no longer chosen. The stored choice is not changed: a calendar back on
/// the list is read again.
/// </summary>
internal sealed record ListedCalendars(CalendarConnection Connection, IReadOnlyList<string> Unlisted)
{
    public static ListedCalendars Every(CalendarConnection connection) => new(connection, []);

    public bool IsUnlisted(string calendarId) => Unlisted.Contains(calendarId, StringComparer.OrdinalIgnoreCase);

    /// <summary>What every run says while a calendar chosen is off the list (null when none is), quiet runs too.</summary>
    public string? Note => Unlisted.Count switch
    {
        0 => null,
        1 => $"The calendar {Unlisted[0]} chosen for the staff member is no longer on their Google calendar list (unsubscribed, "
            + "unshared or deleted): its events no longer block time. It is read again once it is back on the list.",
        _ => $"The calendars {string.Join(", ", Unlisted)} chosen for the staff member are no longer on their Google calendar list "
            + "(unsubscribed, unshared or deleted): their events no longer block time. Each is read again once it is back on the list.",
    };
}
