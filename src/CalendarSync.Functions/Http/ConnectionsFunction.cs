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
    public async Task<IActionResult> Disconnect(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "calendar/connections/{staffId}")] HttpRequest request,
        string staffId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var removeEventsText = request.Query["removeEvents"].ToString();
        bool removeEvents = false;
        if (removeEventsText.Length > 0 && !bool.TryParse(removeEventsText, out removeEvents))
        {
            return new BadRequestObjectResult(new { error = "invalid_request", message = "removeEvents must be true or false." });
        }

        switch (await disconnects.DisconnectAsync(staffId, removeEvents, cancellationToken))
        {
            case DisconnectOutcome.NotFound:
                return new NotFoundObjectResult(new { error = "not_found", message = "No calendar connection for this staff member." });
            case DisconnectOutcome.SyncRunning:
                logger.LogInformation("Disconnect of staff member {StaffId} refused: a sync of theirs is running", staffId);
                return Problems.Problem(StatusCodes.Status409Conflict, "Sync under way",
                    "A sync of this staff member's calendar is running; nothing was changed. Send the request again in a minute, once it has finished.", null);
        }

        logger.LogInformation("Staff member {StaffId} disconnected their calendar (events removed: {RemoveEvents})", staffId, removeEvents);
        return new NoContentResult();
    }
}
