using CalendarSync.Core.Connections;
using CalendarSync.Functions.Monitoring;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CalendarSync.Functions.Http;

/// <summary>Google's push notifications for watched calendars; anonymous, verified by channel token.</summary>
public sealed class NotificationsFunction(PushNotificationService notifications, RefusedNotificationLog refusals)
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
            // Anyone may post here: the answers say no more than Google's own documentation would.
            case PushNotificationOutcome.Malformed:
                refusals.Malformed();
                return Problems.BadRequest("headers", "A push notification carries the X-Goog-Channel-ID, X-Goog-Channel-Token, X-Goog-Resource-ID and X-Goog-Resource-State headers, each once and short.");
            case PushNotificationOutcome.Rejected:
                refusals.Rejected(notification.ChannelId);
                return Problems.NotFound("No such channel.");
            default:
                return new OkResult();
        }
    }

    // A repeated header is not Google's: it counts as missing.
    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;
}
