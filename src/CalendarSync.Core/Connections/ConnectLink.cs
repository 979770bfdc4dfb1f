namespace CalendarSync.Core.Connections;

/// <summary>A signed, single-use address that starts a staff member's consent, for the appointment system to hand them.</summary>
public sealed record ConnectLink(Uri Url, DateTimeOffset ExpiresAt);
