namespace CalendarSync.Core.Runs;

/// <summary>A held lease: who holds it, until when, and the stored version that proves it is still theirs.</summary>
public sealed record SyncLease(string StaffId, string HolderId, DateTimeOffset ExpiresAt, string Version);
