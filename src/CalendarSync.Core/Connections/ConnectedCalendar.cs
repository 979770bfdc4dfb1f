namespace CalendarSync.Core.Connections;

/// <summary>The calendar a consent gave us: its id (for Google, the account's email) and its IANA time zone.</summary>
public sealed record ConnectedCalendar(string CalendarId, string TimeZoneId);
