using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;
using CalendarSync.Google.Auth;
using CalendarSync.Google.Calendar;
using CalendarSync.Google.Calendar.Data;
using CalendarSync.Google.Errors;
using Google;

namespace CalendarSync.Google.Sync;

/// <summary>Push channels on Calendar v3: <c>events.watch</c> on one of the connection's calendars and <c>channels.stop</c>, with the staff member's grant.</summary>
public sealed class GooglePushChannels(
    GoogleOAuthClient oauth, CalendarServiceFactory services, GoogleOptions options, TimeProvider timeProvider) : IPushChannels
{
    public bool IsEnabled => options.NotificationUri is not null;

    public Task<WatchedChannel> WatchAsync(
        CalendarConnection connection, string channelId, string token, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return WatchAsync(connection, connection.CalendarId, channelId, token, timeToLive, cancellationToken);
    }

    public async Task<WatchedChannel> WatchAsync(
        CalendarConnection connection, string calendarId, string channelId, string token, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrEmpty(calendarId);
        var address = options.NotificationUri
            ?? throw new InvalidOperationException("Push channels need Google:NotificationUri, the notifications function's public address.");
        using var service = await OpenAsync(connection, cancellationToken);
        var request = service.Events.Watch(
            new Channel
            {
                Id = channelId,
                Token = token,
                Type = "web_hook",
                Address = address.AbsoluteUri,
                Expiration = (timeProvider.GetUtcNow() + timeToLive).ToUnixTimeMilliseconds(),
            },
            calendarId);
        try
        {
            var channel = await request.ExecuteAsync(cancellationToken);
            return new WatchedChannel(
                channel.ResourceId ?? throw new CalendarTransientException("Google answered events.watch without a resource id."),
                channel.Expiration is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : timeProvider.GetUtcNow() + timeToLive);
        }
        catch (Exception ex) when (GoogleCalendar.Failure(ex, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    public async Task StopAsync(CalendarConnection connection, string channelId, string resourceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var service = await OpenAsync(connection, cancellationToken);
        try
        {
            await service.Channels.Stop(new Channel { Id = channelId, ResourceId = resourceId }).ExecuteAsync(cancellationToken);
        }
        catch (GoogleApiException ex) when (GoogleErrorClassifier.Classify(ex, cancellationToken) is GoogleErrorKind.NotFound or GoogleErrorKind.Gone)
        {
            // Already stopped or expired: what we wanted.
        }
        catch (Exception ex) when (GoogleCalendar.Failure(ex, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    private Task<CalendarService> OpenAsync(CalendarConnection connection, CancellationToken cancellationToken) =>
        StaffCalendarService.OpenAsync(oauth, services, connection, "their push channel cannot be opened or stopped", cancellationToken);
}
