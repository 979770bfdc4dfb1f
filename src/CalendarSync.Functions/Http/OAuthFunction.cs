using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CalendarSync.Functions.Http;

/// <summary>Connecting a staff member's Google Calendar: the consent redirect and Google's callback.</summary>
public sealed class OAuthFunction
{
    [Function(nameof(Connect))]
    public IActionResult Connect(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "calendar/connect")] HttpRequest request) =>
        NotBuiltYet.Result("Connecting a Google Calendar");

    [Function(nameof(OAuthCallback))]
    public IActionResult OAuthCallback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calendar/oauth/callback")] HttpRequest request) =>
        NotBuiltYet.Result("Completing a Google Calendar connection");
}
