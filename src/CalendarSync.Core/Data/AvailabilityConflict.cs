namespace CalendarSync.Core.Data;

/// <summary>
/// One thing that makes a staff member busy in a checked slot: its source, its id (the item's, or the Google event's) and
/// its whole period in UTC. No title or name: the answer goes to the booking page's server, which needs none.
/// </summary>
public sealed record AvailabilityConflict(ConflictSource Source, string Id, DateTimeOffset Start, DateTimeOffset End);
