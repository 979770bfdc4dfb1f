using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;

namespace CalendarSync.Core.Connections;

/// <summary>Every staff member's calendar connection (on Table Storage in CalendarSync.Azure).</summary>
public interface IConnectionStore
{
    /// <summary>The stored connection, with its <see cref="ConnectionRecord.ETag"/>; null if there is none.</summary>
    Task<ConnectionRecord?> GetAsync(string staffId, CancellationToken cancellationToken);

    /// <summary>
    /// Creates (<see cref="ConnectionRecord.ETag"/> null) or replaces (at that ETag) a connection and answers it with its new
    /// ETag; <see cref="ConnectionChangedException"/> if it exists already, or changed since it was read. A plain conditional
    /// write: what to write (a run's status, say: <see cref="RunRecording"/>) is decided by the caller.
    /// </summary>
    Task<ConnectionRecord> SaveAsync(ConnectionRecord record, CancellationToken cancellationToken);

    /// <summary>Pages through the connections the sweep syncs (<see cref="ConnectionRecord.IsEnabled"/>).</summary>
    Task<ConnectionPage> ListEnabledAsync(string? continuation, int pageSize, CancellationToken cancellationToken);

    /// <summary>Pages through every connection, for sync-status. A continuation the store did not give out throws <see cref="InvalidContinuationException"/>.</summary>
    Task<ConnectionPage> ListAllAsync(string? continuation, int pageSize, CancellationToken cancellationToken);

    /// <summary>Sets or (null) clears the connection's push channel, and the lookup from the channel id to it.</summary>
    Task SetChannelAsync(string staffId, PushChannel? channel, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the connection's channels on its other calendars (<see cref="ConnectionRecord.OtherChannels"/>), and the
    /// lookups from their channel ids: a new channel's lookup before the row, a gone one's after.
    /// </summary>
    Task SetOtherChannelsAsync(string staffId, IReadOnlyList<PushChannel> channels, CancellationToken cancellationToken);

    /// <summary>The connection a push channel (on any of its calendars) belongs to; null for a channel we do not know.</summary>
    Task<ConnectionRecord?> FindByChannelAsync(string channelId, CancellationToken cancellationToken);
}
