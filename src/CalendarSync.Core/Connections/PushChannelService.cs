using CalendarSync.Core.Calendar;

namespace CalendarSync.Core.Connections;

/// <summary>
/// Keeps every enabled connection watched: opens a channel where there is none and renews one that ends soon. The new
/// channel is opened and stored before the old one is stopped, so no change falls between them.
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
            foreach (var record in page.Items.Where(r => r.Channel is null || r.Channel.Expiration <= due))
            {
                if (renewed + failures.Count >= options.MaxPerSweep)
                {
                    // The rest wait for the next sweep: the timer must not run into the function timeout.
                    return new ChannelRenewal(renewed, failures);
                }

                try
                {
                    await OpenAsync(record, cancellationToken);
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
}
