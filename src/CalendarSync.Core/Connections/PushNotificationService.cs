using CalendarSync.Core.Runs;

namespace CalendarSync.Core.Connections;

/// <summary>
/// Checks a push notification against the stored channel and makes sure one push sync for its staff member is queued:
/// notifications that come while one waits (a burst of changes, our own writes coming back) add nothing to the queue.
/// </summary>
public sealed class PushNotificationService(
    IConnectionStore connections, IWaitingPushSyncStore waiting, ISyncQueue queue, SyncProcessorOptions options, TimeProvider time)
{
    /// <summary>Google's channel ids are at most 64 characters; resource ids and states are shorter still.</summary>
    public const int MaxHeaderLength = 256;

    // Each lost race means another notification or a run wrote the mark meanwhile; past this, a second message is cheaper
    // than more round trips.
    private const int MarkRounds = 3;

    public async Task<PushNotificationOutcome> HandleAsync(PushNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (!IsHeader(notification.ChannelId) || !IsHeader(notification.Token)
            || !IsHeader(notification.ResourceId) || !IsHeader(notification.ResourceState))
        {
            return PushNotificationOutcome.Malformed;
        }

        if (!ChannelToken.IsChannelId(notification.ChannelId))
        {
            return PushNotificationOutcome.Rejected;
        }

        // Google sends a channel's handshake as it creates the channel, before the watch call has answered and the channel
        // is stored. It carries no change and queues nothing, so it is acknowledged without a lookup: a forged one gains
        // nothing, and the real one is not refused as a stranger's.
        if (string.Equals(notification.ResourceState, "sync", StringComparison.Ordinal))
        {
            return PushNotificationOutcome.Handshake;
        }

        var record = await connections.FindByChannelAsync(notification.ChannelId!, cancellationToken);
        var channel = record?.ChannelNamed(notification.ChannelId!);
        if (record is null || channel is null
            || !ChannelToken.Matches(notification.Token, channel.TokenHash)
            || !string.Equals(channel.ResourceId, notification.ResourceId, StringComparison.Ordinal))
        {
            return PushNotificationOutcome.Rejected;
        }

        if (!record.IsEnabled)
        {
            return PushNotificationOutcome.Ignored;
        }

        return await QueueOnceAsync(record.StaffId, cancellationToken);
    }

    /// <summary>
    /// How long a mark holds notifications back. Its message waits behind at most the run under way, which holds the lease
    /// for at most <see cref="SyncProcessorOptions.LeaseDuration"/>, then one <see cref="SyncProcessorOptions.DeferDelay"/>.
    /// A mark left without its message (poisoned, or the process died between mark and enqueue) stops counting after it,
    /// so it cannot silence a calendar; a message that waits longer (behind a chain of runs) costs a spare run, not a change.
    /// </summary>
    public TimeSpan MarkLifetime => options.LeaseDuration + options.DeferDelay;

    // The run clears the mark after taking the lease and before it lists Google. So a notification that finds an unexpired
    // mark came before that listing, which will see its change; one that finds none queues a run of its own. Marking is
    // conditional on the mark being as read, so of two notifications that find none, one queues.
    private async Task<PushNotificationOutcome> QueueOnceAsync(string staffId, CancellationToken cancellationToken)
    {
        for (var round = 0; round < MarkRounds; round++)
        {
            var mark = await waiting.FindAsync(staffId, cancellationToken);
            if (mark is not null && mark.ExpiresAt > time.GetUtcNow())
            {
                return PushNotificationOutcome.AlreadyQueued;
            }

            if (await waiting.TryMarkAsync(staffId, time.GetUtcNow() + MarkLifetime, mark, cancellationToken) is not null)
            {
                await EnqueueMarkedAsync(staffId, cancellationToken);
                return PushNotificationOutcome.Queued;
            }
        }

        await queue.EnqueueAsync(new SyncRequest(staffId, SyncReason.Push, time.GetUtcNow()), null, cancellationToken);
        return PushNotificationOutcome.Queued;
    }

    private async Task EnqueueMarkedAsync(string staffId, CancellationToken cancellationToken)
    {
        var queued = false;
        try
        {
            await queue.EnqueueAsync(new SyncRequest(staffId, SyncReason.Push, time.GetUtcNow()), null, cancellationToken);
            queued = true;
        }
        finally
        {
            // A mark with no message behind it would hold back every notification until it expires, the one Google
            // delivers again after our error answer among them.
            if (!queued)
            {
                await waiting.ClearAsync(staffId, CancellationToken.None);
            }
        }
    }

    private static bool IsHeader(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= MaxHeaderLength && !value.Any(char.IsControl);
}
