using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Connections;

/// <summary>Checks a push notification against the stored channel and queues a sync for its staff member.</summary>
public sealed class PushNotificationService(IConnectionStore connections, ISyncQueue queue, TimeProvider time)
{
    /// <summary>Google's channel ids are at most 64 characters; resource ids and states are shorter still.</summary>
    public const int MaxHeaderLength = 256;

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

        var record = await connections.FindByChannelAsync(notification.ChannelId!, cancellationToken);
        var channel = record?.Channel;
        if (record is null || channel is null
            || !string.Equals(channel.ChannelId, notification.ChannelId, StringComparison.Ordinal)
            || !ChannelToken.Matches(notification.Token, channel.TokenHash)
            || !string.Equals(channel.ResourceId, notification.ResourceId, StringComparison.Ordinal))
        {
            return PushNotificationOutcome.Rejected;
        }

        if (string.Equals(notification.ResourceState, "sync", StringComparison.Ordinal))
        {
            return PushNotificationOutcome.Handshake;
        }

        if (!record.IsEnabled)
        {
            return PushNotificationOutcome.Ignored;
        }

        await queue.EnqueueAsync(new SyncRequest(record.StaffId, SyncReason.Push, time.GetUtcNow()), null, cancellationToken);
        return PushNotificationOutcome.Queued;
    }

    private static bool IsHeader(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= MaxHeaderLength && !value.Any(char.IsControl);
}
