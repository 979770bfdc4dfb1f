using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Http;

/// <summary>
/// Connect links, asked for server to server with a function key: the appointment system's for a staff member (a signed,
/// short-lived, single-use address of the anonymous <c>calendar/connect</c> page, bound to the Google account named), and
/// an operator's when moving a staff member to another Google account.
/// </summary>
public sealed class ConnectLinksFunction(ConnectionService connections, ILogger<ConnectLinksFunction> logger)
{
    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal) { "staffId", "email" };
    private static readonly HashSet<string> MoveFields = new(StringComparer.Ordinal) { "email" };

    [Function(nameof(CreateConnectLink))]
    public Task<IActionResult> CreateConnectLink(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "calendar/connect-links")] HttpRequest request) =>
        Problems.CatchRefusalsAsync(logger, async () =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            using var body = await JsonBody.ReadAsync(request, Fields, cancellationToken);
            var staffId = body.Text("staffId");
            try
            {
                var link = await connections.CreateLinkAsync(staffId, body.Text("email"), cancellationToken);
                logger.LogInformation("Connect link issued for staff member {StaffId}, valid until {ExpiresAt}", staffId, link.ExpiresAt);
                return new OkObjectResult(new { url = link.Url.AbsoluteUri, expiresAt = link.ExpiresAt });
            }
            catch (AccountConflictException ex)
            {
                return Problems.Problem(StatusCodes.Status409Conflict, "Connected to another Google account",
                    ex.Message + " To move them, POST /api/calendar/connections/{staffId}/move with the new address.", "email");
            }
        });

    /// <summary>
    /// Moves a staff member to another Google account, the one explicit way to change it: the old account is disconnected
    /// (grant revoked; with <c>removeEvents=true</c> our events leave its calendar too), and the answer is a connect link
    /// for the new one, as <c>POST calendar/connect-links</c> gives.
    /// </summary>
    [Function(nameof(MoveConnection))]
    public Task<IActionResult> MoveConnection(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "calendar/connections/{staffId}/move")] HttpRequest request,
        string staffId,
        CancellationToken cancellationToken) =>
        Problems.CatchRefusalsAsync(logger, async () =>
        {
            var removeEvents = ConnectionsFunction.RemoveEvents(request);
            using var body = await JsonBody.ReadAsync(request, MoveFields, cancellationToken);
            var email = body.Text("email");
            var (outcome, link) = await connections.MoveAsync(staffId, email, removeEvents, cancellationToken);
            if (ConnectionsFunction.Refusal(outcome, staffId, logger) is { } refused)
            {
                return refused;
            }

            logger.LogInformation("Staff member {StaffId} moved to the Google account {Account} by an operator (events removed: {RemoveEvents})",
                staffId, AccountAddress.Mask(email), removeEvents);
            return new OkObjectResult(new { url = link!.Url.AbsoluteUri, expiresAt = link.ExpiresAt });
        });
}
