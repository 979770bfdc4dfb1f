using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Connections;

/// <summary>A stored connection: the connection itself, what a run needs to build the staff member, the last run's summary and the push channel.</summary>
public sealed record ConnectionRecord
{
    public required CalendarConnection Connection { get; init; }

    /// <summary>The staff member's IANA zone (their primary calendar's), in which their events are shown.</summary>
    public required string TimeZoneId { get; init; }

    /// <summary>The Google account's address, shown in sync-status: the connected one, or after an operator moved the staff member, the one their next connect must use.</summary>
    public required string Email { get; init; }

    public DateTimeOffset ConnectedAt { get; init; }

    /// <summary>Events and blocks the last run wrote, for sync-status.</summary>
    public int LastRunWrites { get; init; }

    /// <summary>What the last run had to say, in the engine's words (what went wrong, or how far a re-rendering of events got); never a token.</summary>
    public string? LastMessage { get; init; }

    /// <summary>The push channel on the primary calendar.</summary>
    public PushChannel? Channel { get; init; }

    /// <summary>
    /// The push channels on the other calendars read in full (the write calendar, the chosen ones), one each
    /// (<see cref="PushChannel.CalendarId"/>), so a change in any of them syncs within seconds too.
    /// </summary>
    public IReadOnlyList<PushChannel> OtherChannels { get; init; } = [];

    /// <summary>The connection's channel named <paramref name="channelId"/>, on whichever calendar; null if none.</summary>
    public PushChannel? ChannelNamed(string channelId) =>
        Channel?.ChannelId == channelId ? Channel : OtherChannels.FirstOrDefault(channel => channel.ChannelId == channelId);

    /// <summary>
    /// The booking conflicts the last review found (<see cref="Data.BookingConflict.Key"/>s, space-separated, in order), so
    /// each new one is reported once (<see cref="Runs.ConflictWatch"/>); null before the first review.
    /// </summary>
    public string? KnownConflicts { get; init; }

    /// <summary>How many booking conflicts the last review found: the operator page's count, as of the last run that wrote.</summary>
    public int KnownConflictCount => string.IsNullOrEmpty(KnownConflicts) ? 0 : KnownConflicts.Count(c => c == ' ') + 1;

    /// <summary>The stored row's version; null for a connection never stored. A save with a stale one fails with <see cref="ConnectionChangedException"/>.</summary>
    public string? ETag { get; init; }

    public string StaffId => Connection.StaffId;

    /// <summary>The staff member as a run syncs them: named by their account, in their calendar's zone.</summary>
    public StaffMember Staff => new(StaffId, Email, Email, TimeZoneId);

    /// <summary>
    /// Whether <paramref name="other"/> is this connection, perhaps changed since (a run recorded, a choice made), rather
    /// than one made anew by a reconnect: the same connect and the same calendar.
    /// </summary>
    public bool IsSameConnectionAs(ConnectionRecord other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ConnectedAt == other.ConnectedAt && Connection.CalendarId == other.Connection.CalendarId;
    }

    /// <summary>Connections the sweep syncs: every one but those disabled or waiting for the staff member to reconnect.</summary>
    public bool IsEnabled => Connection.Status is ConnectionStatus.Active or ConnectionStatus.Error;
}
