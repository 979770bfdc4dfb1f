using System.Net;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Http;

/// <summary>Connecting a staff member's Google Calendar: the consent redirect and Google's callback.</summary>
public sealed class OAuthFunction(ConnectionService connections, ILogger<OAuthFunction> logger)
{
    private static readonly string[] CallbackParameters = ["state", "code", "error"];

    [Function(nameof(Connect))]
    public async Task<IActionResult> Connect(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "calendar/connect")] HttpRequest request)
    {
        try
        {
            var consent = await connections.BeginAsync(request.Query["staffId"], request.Query["loginHint"], request.HttpContext.RequestAborted);
            return new RedirectResult(consent.AbsoluteUri, permanent: false);
        }
        catch (DomainValidationException ex)
        {
            return Problems.BadRequest("staffId", ex.Message);
        }
    }

    [Function(nameof(OAuthCallback))]
    public async Task<IActionResult> OAuthCallback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calendar/oauth/callback")] HttpRequest request)
    {
        // Google sends each once. A repeated one would reach the service joined by commas (one code sent to Google as
        // "a,b"); it is refused before the consent is used up.
        if (CallbackParameters.FirstOrDefault(name => request.Query[name].Count > 1) is { } repeated)
        {
            logger.LogWarning("OAuth callback refused: '{Parameter}' given more than once", repeated);
            return Page(HttpStatusCode.BadRequest, "Sign-in link not valid",
                $"The sign-in answer carried '{repeated}' more than once. Start connecting the calendar again.");
        }

        try
        {
            var outcome = await connections.CompleteAsync(
                request.Query["state"], request.Query["code"], request.Query["error"], request.HttpContext.RequestAborted);
            if (!outcome.IsConnected)
            {
                logger.LogInformation("Staff member {StaffId} did not connect: Google answered {GoogleError}", outcome.StaffId, Printable(outcome.GoogleError));
                return Page(HttpStatusCode.OK, "Calendar not connected",
                    "Your Google Calendar was not connected, because access was not granted. You can close this page, or start again from the appointment system.");
            }

            logger.LogInformation("Staff member {StaffId} connected calendar {CalendarId}", outcome.StaffId, outcome.CalendarId);
            if (outcome.ChannelFailure is { } channelFailure)
            {
                logger.LogWarning(channelFailure, "The push channel of staff member {StaffId} could not be opened; the next sweep tries again", outcome.StaffId);
            }

            return Page(HttpStatusCode.OK, "Calendar connected",
                $"Your Google Calendar {outcome.CalendarId} is connected. Your appointments will appear in it within minutes, and the time you block in Google will be kept free. You can close this page.");
        }
        catch (OAuthStateRejectedException ex)
        {
            logger.LogWarning("OAuth callback refused: {Reason}", ex.Message);
            return Page(HttpStatusCode.BadRequest, "Sign-in link not valid", ex.Message);
        }
        catch (CalendarAuthorizationFailedException ex)
        {
            logger.LogWarning("OAuth callback: Google refused the code: {Reason}", ex.Message);
            return Page(HttpStatusCode.BadRequest, "Calendar not connected", ex.Message);
        }
        catch (SyncRunningException ex)
        {
            logger.LogInformation("OAuth callback: a sync of the staff member outlasted the reconnect's wait: {Reason}", ex.Message);
            return Page(HttpStatusCode.ServiceUnavailable, "Try again in a moment", ex.Message);
        }
        catch (CalendarTransientException ex)
        {
            logger.LogWarning(ex, "OAuth callback: Google did not answer");
            return Page(HttpStatusCode.ServiceUnavailable, "Try again in a moment", ex.Message);
        }
    }

    // Google's error codes are short words; anything else in the query is cut and stripped of control characters
    // before it reaches a log line, so it cannot forge one.
    private static string? Printable(string? value) =>
        value is null ? null : new string((value.Length > 64 ? value[..64] : value).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    // A short plain page; every text is encoded, whatever came in the query.
    private static ContentResult Page(HttpStatusCode status, string title, string message) => new()
    {
        StatusCode = (int)status,
        ContentType = "text/html; charset=utf-8",
        Content = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)}</title></head>
            <body><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(message)}</p></body></html>
            """,
    };
}
