using CalendarSync.Core.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Http;

/// <summary>Google's push notifications for watched calendars; anonymous, verified by channel token.</summary>
public sealed class NotificationsFunction(PushNotificationService notifications, ILogger<NotificationsFunction> logger)
{
    [Function(nameof(Notifications))]
    public async Task<IActionResult> Notifications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "calendar/notifications")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var notification = new PushNotification(
            Header(request, "X-Goog-Channel-ID"),
            Header(request, "X-Goog-Channel-Token"),
            Header(request, "X-Goog-Resource-ID"),
            Header(request, "X-Goog-Resource-State"));
        var outcome = await notifications.HandleAsync(notification, cancellationToken);
        switch (outcome)
        {
            case PushNotificationOutcome.Malformed:
                logger.LogWarning("A push notification without the X-Goog headers Google sends was refused");
                return new BadRequestResult();
            case PushNotificationOutcome.Rejected:
                // Never the token; the channel id only once it is known to be a plain header.
                logger.LogWarning("A push notification for an unknown channel or with a wrong token was refused (channel {ChannelId})",
                    notification.ChannelId);
                return new NotFoundResult();
            default:
                return new OkResult();
        }
    }

    // A repeated header is not Google's: it counts as missing.
    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;
}
