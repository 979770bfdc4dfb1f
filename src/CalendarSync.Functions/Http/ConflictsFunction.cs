using CalendarSync.Core.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Http;

/// <summary>The conflict report of one staff member: booked appointments and Google events over the same time.</summary>
public sealed class ConflictsFunction(ConflictReport report, ILogger<ConflictsFunction> logger)
{
    [Function(nameof(GetConflicts))]
    public Task<IActionResult> GetConflicts(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "staff/{staffId}/conflicts")] HttpRequest request,
        string staffId) =>
        Problems.CatchRefusalsAsync(logger, async () =>
        {
            var conflicts = await report.ListAsync(staffId, request.HttpContext.RequestAborted);
            return new OkObjectResult(new { staffId, conflicts = conflicts.Select(Show).ToList() });
        });

    /// <summary>One conflict as JSON (the CLI's <c>--json</c> writes the same).</summary>
    public static object Show(BookingConflict conflict)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        return new
        {
            appointmentId = conflict.AppointmentId,
            googleEventId = conflict.GoogleEventId,
            start = conflict.Start,
            end = conflict.End,
            cameLast = conflict.EventCameLast ? "googleEvent" : "appointment",
        };
    }
}
