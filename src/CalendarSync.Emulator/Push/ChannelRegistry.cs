using System.Collections.Concurrent;
using System.Threading.Channels;
using CalendarSync.Emulator.Calendar;

namespace CalendarSync.Emulator.Push;

/// <summary>Open push channels, and the queue of notifications that <see cref="PushNotifier"/> delivers.</summary>
public sealed class ChannelRegistry(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, PushChannel> _channels = new(StringComparer.Ordinal);

    internal Channel<PushNotification> Outbox { get; } = Channel.CreateUnbounded<PushNotification>(new UnboundedChannelOptions { SingleReader = true });

    internal bool TryOpen(PushChannel channel)
    {
        if (!_channels.TryAdd(channel.Id, channel))
        {
            return false;
        }

        Outbox.Writer.TryWrite(new PushNotification(channel, "sync", channel.NextMessageNumber()));
        return true;
    }

    internal bool TryStop(string channelId, string resourceId, string owner) =>
        _channels.TryGetValue(channelId, out var channel) &&
        channel.ResourceId == resourceId &&
        string.Equals(channel.Owner, owner, StringComparison.OrdinalIgnoreCase) &&
        _channels.TryRemove(channelId, out _);

    /// <summary>
    /// Closes the calendar's channels, or only those <paramref name="owner"/> opened: Google sends nothing more on a
    /// calendar that was deleted, or to a user it is no longer shared with.
    /// </summary>
    internal void CloseAll(string calendarId, string? owner = null)
    {
        foreach (var channel in _channels.Values.Where(c =>
                     string.Equals(c.CalendarId, calendarId, StringComparison.OrdinalIgnoreCase) &&
                     (owner is null || string.Equals(c.Owner, owner, StringComparison.OrdinalIgnoreCase))))
        {
            _channels.TryRemove(channel.Id, out _);
        }
    }

    /// <summary>Queues an <c>exists</c> notification for every live channel on the calendar; expired channels close.</summary>
    internal void NotifyChanged(CalendarData calendar)
    {
        if (_channels.IsEmpty)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var channel in _channels.Values.Where(c => c.CalendarId == calendar.Id))
        {
            if (channel.Expiration <= now)
            {
                _channels.TryRemove(channel.Id, out _);
                continue;
            }

            Outbox.Writer.TryWrite(new PushNotification(channel, "exists", channel.NextMessageNumber()));
        }
    }

    public void Clear() => _channels.Clear();
}
