namespace CalendarSync.Core.Data;

/// <summary>A stretch of time, in UTC, in which a staff member cannot be booked.</summary>
public sealed record BusyPeriod(DateTimeOffset Start, DateTimeOffset End);
