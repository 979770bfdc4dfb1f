using CalendarSync.Core.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Http;

/// <summary>
/// A staff member's connection as the appointment system changes it: disconnecting (channel stopped, grant revoked,
/// connection disabled), pausing and resuming its sync, and its sync direction.
/// </summary>
public sealed class ConnectionsFunction(DisconnectService disconnects, ConnectionControl control, ILogger<ConnectionsFunction> logger)
{
    private static readonly HashSet<string> DirectionFields = new(StringComparer.Ordinal) { "direction" };

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

    [Function(nameof(PauseConnection))]
    public Task<IActionResult> PauseConnection(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "calendar/connections/{staffId}/pause")] HttpRequest request,
        string staffId,
        CancellationToken cancellationToken) =>
        Problems.CatchRefusalsAsync(logger, async () => Changed(await control.PauseAsync(staffId, cancellationToken), "paused"));

    [Function(nameof(ResumeConnection))]
    public Task<IActionResult> ResumeConnection(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "calendar/connections/{staffId}/resume")] HttpRequest request,
        string staffId,
        CancellationToken cancellationToken) =>
        Problems.CatchRefusalsAsync(logger, async () => Changed(await control.ResumeAsync(staffId, cancellationToken), "resumed"));

    /// <summary>Sets the direction, <c>{"direction": "Bidirectional" | "PushOnly" | "PullOnly"}</c>.</summary>
    [Function(nameof(SetDirection))]
    public Task<IActionResult> SetDirection(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "calendar/connections/{staffId}/direction")] HttpRequest request,
        string staffId,
        CancellationToken cancellationToken) =>
        Problems.CatchRefusalsAsync(logger, async () =>
        {
            using var body = await JsonBody.ReadAsync(request, DirectionFields, cancellationToken);
            var direction = ConnectionControl.ParseDirection(body.Text("direction"));
            return Changed(await control.SetDirectionAsync(staffId, direction, cancellationToken), $"set to sync {direction}");
        });

    /// <summary>The connection's state as sync-status shows it, for an answer.</summary>
    internal static object Shown(ConnectionRecord record) => new
    {
        staffId = record.StaffId,
        status = record.Connection.Status.ToString(),
        direction = record.Connection.Direction.ToString(),
    };

    internal static bool RemoveEvents(HttpRequest request)
    {
        var text = request.Query["removeEvents"].ToString();
        return text.Length == 0 ? false
            : bool.TryParse(text, out var removeEvents) ? removeEvents
            : throw new RequestRefusedException("removeEvents", "removeEvents must be true or false.");
    }

    private IActionResult Changed(ConnectionRecord? record, string what)
    {
        if (record is null)
        {
            return Problems.NotFound("No calendar connection for this staff member.", "staffId");
        }

        logger.LogInformation("The connection of staff member {StaffId} was {Change} through the data API", record.StaffId, what);
        return new OkObjectResult(Shown(record));
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
