namespace CalendarSync.Emulator.Admin;

/// <summary>Body of <c>POST /emulator/calendars/{calendarId}/share</c>: the user's email and their access role (<c>none</c> unshares).</summary>
public sealed record ShareRequest(string? User, string? Role);
