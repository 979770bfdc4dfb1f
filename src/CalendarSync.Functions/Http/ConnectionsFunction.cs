using CalendarSync.Core.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Http;

/// <summary>Disconnecting a staff member's calendar: channel stopped, grant revoked, connection disabled.</summary>
public sealed class ConnectionsFunction(DisconnectService disconnects, ILogger<ConnectionsFunction> logger)
{
    [Function(nameof(Disconnect))]
    public Task<IActionResult> Disconnect(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "calendar/connections/{staffId}")] HttpRequest request,
        string staffId,
        CancellationToken cancellationToken) =>
        Problems.CatchRefusalsAsync(logger, async () =>
        {
            var removeEvents = RemoveEvents(request);
            if (Refusal(await disconnects.DisconnectAsync(staffId, removeEvents, cancellationToken), staffId, logger) is { } refused)
            {
                return refused;
            }

            logger.LogInformation("Staff member {StaffId} disconnected their calendar (events removed: {RemoveEvents})", staffId, removeEvents);
            return new NoContentResult();
        });

    internal static bool RemoveEvents(HttpRequest request)
    {
        var text = request.Query["removeEvents"].ToString();
        return text.Length == 0 ? false
            : bool.TryParse(text, out var removeEvents) ? removeEvents
            : throw new RequestRefusedException("removeEvents", "removeEvents must be true or false.");
    }

    internal static IActionResult? Refusal(DisconnectOutcome outcome, string staffId, ILogger logger)
    {
        switch (outcome)
        {
            case DisconnectOutcome.NotFound:
                return Problems.NotFound("No calendar connection for this staff member.", "staffId");
            case DisconnectOutcome.SyncRunning:
                logger.LogInformation("Change of staff member {StaffId}'s connection refused: a sync of theirs is running", staffId);
                return Problems.Problem(StatusCodes.Status409Conflict, "Sync under way",
                    "A sync of this staff member's calendar is running; nothing was changed. Send the request again in a minute, once it has finished.", null);
            default:
                return null;
        }
    }
}
