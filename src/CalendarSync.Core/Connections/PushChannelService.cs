using CalendarSync.Core.Calendar;

namespace CalendarSync.Core.Connections;

/// <summary>
/// Keeps every enabled connection watched: opens a channel where there is none and renews one that ends soon, on the
/// primary and on each other calendar read in full (<see cref="ConnectionRecord.OtherChannels"/>), and stops the channel
/// of a calendar no longer read. A new channel is opened and stored before the old one is stopped, so no change falls
/// between them.
/// </summary>
public sealed class PushChannelService(
    IConnectionStore connections, IPushChannels channels, PushChannelOptions options, TimeProvider time)
{
    private const int PageSize = 100;

    /// <summary>False when the app has no public address for Google's notifications: no channels at all.</summary>
    public bool IsEnabled => channels.IsEnabled;

    public async Task<ChannelRenewal> RenewAsync(CancellationToken cancellationToken)
    {
        if (!channels.IsEnabled)
        {
            return new ChannelRenewal(0, []);
        }

        var renewed = 0;
        var failures = new List<(string, Exception)>();
        var due = time.GetUtcNow() + options.RenewWithin;
        string? continuation = null;
        do
        {
            var page = await connections.ListEnabledAsync(continuation, PageSize, cancellationToken);
            foreach (var record in page.Items.Where(r => r.Channel is null || r.Channel.Expiration <= due || OtherChannelsDue(r, due)))
            {
                if (renewed + failures.Count >= options.MaxPerSweep)
                {
                    // The rest wait for the next sweep: the timer must not run into the function timeout.
                    return new ChannelRenewal(renewed, failures);
                }

                try
                {
                    if (record.Channel is null || record.Channel.Expiration <= due)
                    {
                        await OpenAsync(record, cancellationToken);
                    }

                    await RenewOtherChannelsAsync(record, due, cancellationToken);
                    renewed++;
                }
                catch (CalendarException ex)
                {
                    failures.Add((record.StaffId, ex));
                }
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);

        return new ChannelRenewal(renewed, failures);
    }

    /// <summary>Opens a new channel for the connection, stores it, then stops the old one if any.</summary>
    public async Task<PushChannel> OpenAsync(ConnectionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var channelId = ChannelToken.NewChannelId();
        var token = ChannelToken.Create();
        var watched = await channels.WatchAsync(record.Connection, channelId, token, options.TimeToLive, cancellationToken);
        var channel = new PushChannel(channelId, ChannelToken.Hash(token), watched.ResourceId, watched.Expiration);

        await connections.SetChannelAsync(record.StaffId, channel, cancellationToken);
        if (record.Channel is { } old)
        {
            try
            {
                await channels.StopAsync(record.Connection, old.ChannelId, old.ResourceId, cancellationToken);
            }
            catch (CalendarException)
            {
                // The old channel ends by itself at its expiration; its notifications no longer match the stored channel.
            }
        }

        return channel;
    }

    /// <summary>The other calendars read in full, which each have a channel of their own.</summary>
    private static List<string> OtherCalendarsWatched(ConnectionRecord record) =>
        [.. record.Connection.FullyReadCalendars.Where(id => !string.Equals(id, record.Connection.CalendarId, StringComparison.OrdinalIgnoreCase))];

    private static bool OtherChannelsDue(ConnectionRecord record, DateTimeOffset due)
    {
        var watched = OtherCalendarsWatched(record);
        return record.OtherChannels.Any(channel => channel.Expiration <= due)
            || watched.Count != record.OtherChannels.Count
            || watched.Any(id => !record.OtherChannels.Any(channel => string.Equals(channel.CalendarId, id, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// A channel for each other calendar read in full that has none or whose channel ends soon; the channels of calendars
    /// no longer read are stopped, after the new list is stored. A calendar Google no longer has gets none (the sync says so).
    /// </summary>
    private async Task RenewOtherChannelsAsync(ConnectionRecord record, DateTimeOffset due, CancellationToken cancellationToken)
    {
        if (!OtherChannelsDue(record, due))
        {
            return;
        }

        var watched = OtherCalendarsWatched(record);
        var kept = record.OtherChannels
            .Where(channel => channel.Expiration > due && watched.Contains(channel.CalendarId!, StringComparer.OrdinalIgnoreCase))
            .ToList();
        var stopped = record.OtherChannels.Except(kept).ToList();
        foreach (var calendarId in watched.Where(id => !kept.Any(channel => string.Equals(channel.CalendarId, id, StringComparison.OrdinalIgnoreCase))))
        {
            try
            {
                kept.Add(await WatchAsync(record, calendarId, cancellationToken));
            }
            catch (CalendarNotFoundException)
            {
                // Gone, or no longer shared with them: nothing to watch, and the next run removes its blocks and says so.
            }
        }

        await connections.SetOtherChannelsAsync(record.StaffId, kept, cancellationToken);
        await StopAsync(record, stopped, cancellationToken);
    }

    private async Task<PushChannel> WatchAsync(ConnectionRecord record, string calendarId, CancellationToken cancellationToken)
    {
        var channelId = ChannelToken.NewChannelId();
        var token = ChannelToken.Create();
        var watched = await channels.WatchAsync(record.Connection, calendarId, channelId, token, options.TimeToLive, cancellationToken);
        return new PushChannel(channelId, ChannelToken.Hash(token), watched.ResourceId, watched.Expiration) { CalendarId = calendarId };
    }

    /// <summary>Stops channels no longer stored; each ends by itself at its expiration should Google refuse.</summary>
    public async Task StopAsync(ConnectionRecord record, IEnumerable<PushChannel> stopped, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(stopped);
        foreach (var channel in stopped)
        {
            try
            {
                await channels.StopAsync(record.Connection, channel.ChannelId, channel.ResourceId, cancellationToken);
            }
            catch (CalendarException)
            {
                // Its notifications no longer match a stored channel, and it ends at its expiration.
            }
        }
    }
}
