using CalendarSync.Functions.Http;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Monitoring;

/// <summary>
/// Warnings for refused push notifications, at most one per <see cref="Interval"/> on each instance, each counting the
/// refusals left unlogged since the last: the endpoint is anonymous, so a flood of forged notifications must not become
/// a flood of log lines.
/// </summary>
public sealed class RefusedNotificationLog(TimeProvider time, ILogger<NotificationsFunction> logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private DateTimeOffset _quietUntil = DateTimeOffset.MinValue;
    private long _unlogged;

    public void Malformed()
    {
        if (TryWarn(out var unlogged))
        {
            logger.LogWarning(
                "A push notification without the X-Goog headers Google sends was refused ({Unlogged} more refused since the last warning)",
                unlogged);
        }
    }

    /// <summary>Never the token; the channel id only once it is known to be a plain header.</summary>
    public void Rejected(string? channelId)
    {
        if (TryWarn(out var unlogged))
        {
            logger.LogWarning(
                "A push notification for an unknown channel or with a wrong token was refused (channel {ChannelId}; {Unlogged} more refused since the last warning)",
                channelId, unlogged);
        }
    }

    private bool TryWarn(out long unlogged)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now < _quietUntil)
            {
                _unlogged++;
                unlogged = 0;
                return false;
            }

            unlogged = _unlogged;
            _unlogged = 0;
            _quietUntil = now + Interval;
            return true;
        }
    }
}
