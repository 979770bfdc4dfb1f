namespace CalendarSync.Emulator.Admin;

/// <summary>Body of <c>POST /emulator/users</c>.</summary>
public sealed record UserRequest(string? Email, string? TimeZone);
