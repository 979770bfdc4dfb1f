using System.Net;
using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Google;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Http;

/// <summary>
/// What a staff member's browser goes through to connect their Google Calendar: the connect link's page, its button that
/// starts the consent at Google, and Google's callback. All anonymous: the link itself is the capability, signed,
/// expiring and single-use, and it carries no function key.
/// </summary>
public sealed class OAuthFunction(ConnectionService connections, GoogleOptions google, ILogger<OAuthFunction> logger)
{
    private static readonly string[] CallbackParameters = ["state", "code", "error"];

    /// <summary>
    /// The page a connect link opens. It uses nothing up: mail and chat scanners follow links, and only the staff
    /// member's press of the button (a POST) starts the consent.
    /// </summary>
    [Function(nameof(ConnectPage))]
    public async Task<IActionResult> ConnectPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calendar/connect")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Query["link"];
        try
        {
            var link = await connections.ReadLinkAsync(values.Count == 1 ? values[0] : null, request.HttpContext.RequestAborted);
            return Pages.Form(
                "Connect your Google Calendar",
                $"This connects the Google Calendar of staff member {link.StaffId}. Your appointments will appear in it, and the time you block there will be kept free of bookings. At Google, sign in as {AccountAddress.Mask(link.ExpectedAccount)} and allow access.",
                action: "connect",
                ("link", values[0]!),
                "Continue to Google",
                formTarget: google.AuthorizationEndpoint.GetLeftPart(UriPartial.Authority));
        }
        catch (OAuthStateRejectedException ex)
        {
            logger.LogInformation("Connect page refused a link: {Reason}", ex.Message);
            return Pages.Message(HttpStatusCode.BadRequest, "Connect link not valid", ex.Message);
        }
    }

    /// <summary>The connect page's button: uses the link up and sends the browser to Google's consent.</summary>
    [Function(nameof(StartConsent))]
    public async Task<IActionResult> StartConsent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "calendar/connect")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var values = request.HasFormContentType ? (await request.ReadFormAsync(request.HttpContext.RequestAborted))["link"] : default;
            var consent = await connections.StartConsentAsync(values.Count == 1 ? values[0] : null, request.HttpContext.RequestAborted);
            return new RedirectResult(consent.AbsoluteUri, permanent: false);
        }
        catch (OAuthStateRejectedException ex)
        {
            logger.LogInformation("Consent not started: {Reason}", ex.Message);
            return Pages.Message(HttpStatusCode.BadRequest, "Connect link not valid", ex.Message);
        }
        catch (InvalidDataException)
        {
            return Pages.Message(HttpStatusCode.BadRequest, "Connect link not valid", "The form could not be read. Open the connect link again.");
        }
    }

    [Function(nameof(OAuthCallback))]
    public async Task<IActionResult> OAuthCallback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calendar/oauth/callback")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Google sends each once. A repeated one would reach the service joined by commas (one code sent to Google as
        // "a,b"); it is refused before the consent is used up.
        if (CallbackParameters.FirstOrDefault(name => request.Query[name].Count > 1) is { } repeated)
        {
            logger.LogWarning("OAuth callback refused: '{Parameter}' given more than once", repeated);
            return Pages.Message(HttpStatusCode.BadRequest, "Sign-in link not valid",
                $"The sign-in answer carried '{repeated}' more than once. Start connecting the calendar again.");
        }

        try
        {
            var outcome = await connections.CompleteAsync(
                request.Query["state"], request.Query["code"], request.Query["error"], request.HttpContext.RequestAborted);
            switch (outcome.Result)
            {
                case ConnectResult.Declined:
                    logger.LogInformation("Staff member {StaffId} did not connect: Google answered {GoogleError}", outcome.StaffId, PlainText.Excerpt(outcome.GoogleError));
                    return Pages.Message(HttpStatusCode.OK, "Calendar not connected",
                        "Your Google Calendar was not connected, because access was not granted. You can close this page, or start again from the appointment system.");

                case ConnectResult.WrongAccount:
                    logger.LogWarning(
                        "Staff member {StaffId} consented with another Google account than the expected {ExpectedAccount}; nothing was stored (grant revoked: {GrantRevoked})",
                        outcome.StaffId, outcome.ExpectedAccountMasked, outcome.GrantRevoked);
                    return Pages.Message(HttpStatusCode.Forbidden, "Wrong Google account",
                        $"This link is for the Google account {outcome.ExpectedAccountMasked}, and you signed in with another one. Nothing was connected"
                        + (outcome.GrantRevoked ? ", and the access you just gave was withdrawn" : "")
                        + $". Ask the appointment system for a new connect link and choose {outcome.ExpectedAccountMasked} at Google.");
            }

            logger.LogInformation("Staff member {StaffId} connected calendar {CalendarId}", outcome.StaffId, AccountAddress.Mask(outcome.CalendarId));
            if (outcome.ChannelFailure is { } channelFailure)
            {
                logger.LogWarning(channelFailure, "The push channel of staff member {StaffId} could not be opened; the next sweep tries again", outcome.StaffId);
            }

            return Pages.Message(HttpStatusCode.OK, "Calendar connected", (outcome.WriteCalendarCreated, outcome.WriteCalendarAwaited) switch
            {
                ({ } created, _) => $"Your Google Calendar {outcome.CalendarId} is connected, and the new calendar \"{created}\" is made for your appointments. They will appear there within minutes, and the time you block in Google will be kept free. You can close this page.",
                (_, { } awaited) => $"Your Google Calendar {outcome.CalendarId} is connected, but the calendar \"{awaited}\" for your appointments could not be made: Google did not let us create calendars. Your appointments stay where they were; to have the calendar made, connect again from the appointment system and allow making calendars.",
                _ => $"Your Google Calendar {outcome.CalendarId} is connected. Your appointments will appear in it within minutes, and the time you block in Google will be kept free. You can close this page.",
            });
        }
        catch (OAuthStateRejectedException ex)
        {
            logger.LogWarning("OAuth callback refused: {Reason}", ex.Message);
            return Pages.Message(HttpStatusCode.BadRequest, "Sign-in link not valid", ex.Message);
        }
        catch (CalendarAuthorizationFailedException ex)
        {
            logger.LogWarning("OAuth callback: Google refused the code: {Reason}", ex.Message);
            return Pages.Message(HttpStatusCode.BadRequest, "Calendar not connected", ex.Message);
        }
        catch (SyncRunningException ex)
        {
            logger.LogInformation("OAuth callback: a sync of the staff member outlasted the reconnect's wait: {Reason}", ex.Message);
            return Pages.Message(HttpStatusCode.ServiceUnavailable, "Try again in a moment", ex.Message);
        }
        catch (CalendarTransientException ex)
        {
            logger.LogWarning(ex, "OAuth callback: Google did not answer");
            return Pages.Message(HttpStatusCode.ServiceUnavailable, "Try again in a moment", ex.Message);
        }
    }
}
