using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CalendarSync.Functions.Http;

/// <summary>Google's push notifications for watched calendars; anonymous, verified by channel token.</summary>
public sealed class NotificationsFunction
{
    [Function(nameof(Notifications))]
    public IActionResult Notifications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "calendar/notifications")] HttpRequest request) =>
        NotBuiltYet.Result("Google push notifications");
}
