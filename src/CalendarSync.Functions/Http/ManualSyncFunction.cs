using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Http;

/// <summary>The appointment system asks for an immediate sync of one staff member (<c>{"staffId": "…"}</c>) or of everyone (no body).</summary>
public sealed class ManualSyncFunction(SyncScheduler scheduler, ILogger<ManualSyncFunction> logger)
{
    private const int MaxBodyBytes = 4096;
    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal) { "staffId" };

    [Function(nameof(RequestSync))]
    public Task<IActionResult> RequestSync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "calendar/sync")] HttpRequest request) =>
        Problems.CatchRefusalsAsync(logger, async () =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            using var body = await JsonBody.ReadAsync(request, Fields, cancellationToken, MaxBodyBytes, emptyAllowed: true);
            if (body.Text("staffId") is not { } staffId)
            {
                var queued = await scheduler.QueueAllAsync(SyncReason.Manual, cancellationToken);
                return new AcceptedResult((string?)null, new { queued });
            }

            return await scheduler.QueueAsync(ItemId.Validate(staffId, "staff"), SyncReason.Manual, cancellationToken)
                ? new AcceptedResult((string?)null, new { queued = 1, staffId })
                : Problems.NotFound($"Staff member {staffId} has no enabled calendar connection.", "staffId");
        });
}
