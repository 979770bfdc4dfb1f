namespace CalendarSync.Core.Data;

/// <summary>The answer of the busy query: the merged busy periods in [From, To), and the zone all-day items were placed in.</summary>
public sealed record BusyTimes(string StaffId, DateTimeOffset From, DateTimeOffset To, string TimeZoneId, IReadOnlyList<BusyPeriod> Periods);
