using System.Globalization;

namespace CalendarSync.Emulator.Push;

/// <summary>Delivers push notifications one at a time, in order, with Google's headers and no body.</summary>
public sealed partial class PushNotifier(ChannelRegistry channels, ILogger<PushNotifier> logger) : BackgroundService
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var notification in channels.Outbox.Reader.ReadAllAsync(stoppingToken))
            {
                await DeliverAsync(notification, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; undelivered notifications go with it, as they would on a restart at Google.
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private async Task DeliverAsync(PushNotification notification, CancellationToken cancellationToken)
    {
        var channel = notification.Channel;
        using var request = new HttpRequestMessage(HttpMethod.Post, channel.Address);
        request.Headers.Add("X-Goog-Channel-ID", channel.Id);
        if (channel.Token is not null)
        {
            request.Headers.Add("X-Goog-Channel-Token", channel.Token);
        }

        request.Headers.Add("X-Goog-Channel-Expiration", channel.Expiration.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture));
        request.Headers.Add("X-Goog-Resource-ID", channel.ResourceId);
        request.Headers.Add("X-Goog-Resource-State", notification.ResourceState);
        request.Headers.Add("X-Goog-Message-Number", notification.MessageNumber.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Goog-Resource-URI", channel.ResourceUri);

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            LogDelivered(channel.Id, notification.ResourceState, (int)response.StatusCode);
        }
        catch (HttpRequestException ex)
        {
            // Google retries failed deliveries for a while; the emulator drops them and says so.
            LogFailed(ex, channel.Id, channel.Address);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(ex, channel.Id, channel.Address);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Push to channel {ChannelId} ({State}) answered {Status}")]
    private partial void LogDelivered(string channelId, string state, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push to channel {ChannelId} at {Address} failed")]
    private partial void LogFailed(Exception exception, string channelId, Uri address);
}
