namespace CalendarSync.Emulator.Admin;

/// <summary>
/// Body of <c>POST /emulator/users</c>; <c>Scope</c>: the scopes of the grant its tokens carry, space-separated (default
/// CalendarSync's own consent: <c>calendar.events</c> and <c>calendar.calendarlist.readonly</c>).
/// </summary>
public sealed record UserRequest(string? Email, string? TimeZone, string? Scope = null);
