using CalendarSync.Emulator.Admin;
using System.Globalization;

namespace CalendarSync.Emulator.Push;

/// <summary>
/// Delivers push notifications one at a time, in order, with Google's headers and no body. An answer of 5xx (or none)
/// is retried with growing waits, as Google retries, beside the deliveries that follow (so a retried one can come after
/// them); after the last try the notification is dropped, as Google may drop one. <c>dropNotification</c> and <c>delayNotification</c> faults strike here.
/// </summary>
public sealed partial class PushNotifier(ChannelRegistry channels, FaultRegistry faults, ILogger<PushNotifier> logger) : BackgroundService
{
    /// <summary>The waits before each retry of a delivery that failed.</summary>
    internal static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)];

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
        if (faults.StrikeNotification(notification.Channel.Address) is { } fault)
        {
            if (fault.Kind == FaultKind.DropNotification)
            {
                LogDropped(notification.Channel.Id, notification.MessageNumber);
                return;
            }

            await Task.Delay(fault.Latency, cancellationToken);
        }

        if (!await TryDeliverAsync(notification, cancellationToken))
        {
            // The retries wait on their own: one receiver that fails holds up no other channel's notifications.
            _ = RetryAsync(notification, cancellationToken);
        }
    }

    private async Task RetryAsync(PushNotification notification, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var delay in RetryDelays)
            {
                await Task.Delay(delay, cancellationToken);
                if (await TryDeliverAsync(notification, cancellationToken))
                {
                    return;
                }
            }

            LogGaveUp(notification.Channel.Id, notification.MessageNumber);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The host is stopping: the retry goes with it.
        }
    }

    /// <summary>One delivery; false when it should be tried again (5xx, or no answer).</summary>
    private async Task<bool> TryDeliverAsync(PushNotification notification, CancellationToken cancellationToken)
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
            return (int)response.StatusCode < 500;
        }
        catch (HttpRequestException ex)
        {
            LogFailed(ex, channel.Id, channel.Address);
            return false;
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(ex, channel.Id, channel.Address);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push to channel {ChannelId} (message {MessageNumber}) failed every retry; dropped")]
    private partial void LogGaveUp(string channelId, long messageNumber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Push to channel {ChannelId} (message {MessageNumber}) dropped by a fault")]
    private partial void LogDropped(string channelId, long messageNumber);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Push to channel {ChannelId} ({State}) answered {Status}")]
    private partial void LogDelivered(string channelId, string state, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push to channel {ChannelId} at {Address} failed")]
    private partial void LogFailed(Exception exception, string channelId, Uri address);
}
