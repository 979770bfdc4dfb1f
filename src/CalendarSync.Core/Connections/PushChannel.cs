namespace CalendarSync.Core.Connections;

/// <summary>
/// A Google push channel (<c>events.watch</c>) of one connection. Only a hash of the channel's token is kept, so that a
/// leaked table cannot forge notifications.
/// </summary>
public sealed record PushChannel(string ChannelId, string TokenHash, string ResourceId, DateTimeOffset Expiration)
{
    /// <summary>The calendar it watches: null for the connection's primary, else one of the other calendars read in full.</summary>
    public string? CalendarId { get; init; }
}
