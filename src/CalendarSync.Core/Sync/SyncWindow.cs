namespace CalendarSync.Core.Sync;

/// <summary>The synced span of time, from local midnight <c>WindowPastDays</c> ago to local midnight <c>WindowFutureDays</c> ahead.</summary>
public readonly record struct SyncWindow(DateTimeOffset From, DateTimeOffset To);
