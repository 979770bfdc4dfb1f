namespace CalendarSync.Emulator.Calendar;

/// <summary>One entry of a <see cref="CalendarList"/>: its place, the list version that last changed it, and whether it left.</summary>
internal sealed record ListedCalendar(string CalendarId, long Ordinal, long Version, bool Deleted);
