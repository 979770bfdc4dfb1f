using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Calendar;

/// <summary>Push notification channels on a staff member's calendars (Google: <c>events.watch</c> and <c>channels.stop</c>).</summary>
public interface IPushChannels
{
    /// <summary>False when no notification address is configured: the timer alone keeps calendars in sync.</summary>
    bool IsEnabled { get; }

    /// <summary>Opens a channel on the connection's own calendar; see the overload with a calendar id.</summary>
    Task<WatchedChannel> WatchAsync(CalendarConnection connection, string channelId, string token, TimeSpan timeToLive, CancellationToken cancellationToken) =>
        WatchAsync(connection, connection.CalendarId, channelId, token, timeToLive, cancellationToken);

    /// <summary>
    /// Opens a channel on <paramref name="calendarId"/> that sends <paramref name="token"/> with every notification; each
    /// calendar's channel has its own resource id. Failures throw a <see cref="CalendarException"/>
    /// (<see cref="CalendarNotFoundException"/>: the calendar is gone or no longer shared with the staff member).
    /// </summary>
    Task<WatchedChannel> WatchAsync(
        CalendarConnection connection, string calendarId, string channelId, string token, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>Stops a channel; one that is already gone is not an error.</summary>
    Task StopAsync(CalendarConnection connection, string channelId, string resourceId, CancellationToken cancellationToken);
}
