namespace CalendarSync.Core.Calendar;

/// <summary>What the provider answers for a new channel: the watched resource's id and when the channel ends.</summary>
public sealed record WatchedChannel(string ResourceId, DateTimeOffset Expiration);
