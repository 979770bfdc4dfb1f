using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Calendar;

/// <summary>Push notification channels on a staff member's calendar (Google: <c>events.watch</c> and <c>channels.stop</c>).</summary>
public interface IPushChannels
{
    /// <summary>False when no notification address is configured: the timer alone keeps calendars in sync.</summary>
    bool IsEnabled { get; }

    /// <summary>Opens a channel that sends <paramref name="token"/> with every notification; failures throw a <see cref="CalendarException"/>.</summary>
    Task<WatchedChannel> WatchAsync(CalendarConnection connection, string channelId, string token, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>Stops a channel; one that is already gone is not an error.</summary>
    Task StopAsync(CalendarConnection connection, string channelId, string resourceId, CancellationToken cancellationToken);
}
