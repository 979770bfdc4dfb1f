namespace CalendarSync.Core.Connections;

/// <summary>
/// A staff member's calendar list with how each calendar is read and which receives appointments, and the title of a
/// write calendar still to be created once they connect again (null: none awaited).
/// </summary>
public sealed record ChosenCalendars(IReadOnlyList<ChosenCalendar> Calendars, string? CreateWriteCalendar);
