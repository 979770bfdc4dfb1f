namespace CalendarSync.Core.Runs;

/// <summary>The mark that a push-triggered sync is queued for a staff member and has not started; the version proves it is unchanged since read.</summary>
public sealed record WaitingPushSync(string StaffId, DateTimeOffset ExpiresAt, string Version);
