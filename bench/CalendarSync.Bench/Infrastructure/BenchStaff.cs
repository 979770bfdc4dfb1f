namespace CalendarSync.Bench.Infrastructure;

/// <summary>A connected staff member: their id, their Google account on the emulator and a token to act as them in Google.</summary>
internal sealed record BenchStaff(string StaffId, string Email, string TimeZoneId, string AccessToken);
