using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Http;

/// <summary>
/// The appointment system's data API: puts and deletes of appointments, blocks, exceptions and closures, and the busy
/// query. Bodies are read strictly (<see cref="JsonBody"/>) into each kind's item (<see cref="DataApiItem"/>), whose
/// constructor checks it; every refusal is a 400 problem naming the field (<see cref="Problems"/>).
/// </summary>
public sealed class DataApiFunction(AppointmentDataService data, ILogger<DataApiFunction> logger)
{
    private const int BlockPageSize = 200;

    private static readonly HashSet<string> SlotFields = new(StringComparer.Ordinal) { "start", "end" };

    [Function(nameof(PutAppointment))]
    public Task<IActionResult> PutAppointment(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "staff/{staffId}/appointments/{id}")] HttpRequest request,
        string staffId, string id) =>
        PutAsync(request, DataApiItem.Appointment, id, staffId, guarded: true);

    [Function(nameof(DeleteAppointment))]
    public Task<IActionResult> DeleteAppointment(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "staff/{staffId}/appointments/{id}")] HttpRequest request,
        string staffId, string id) =>
        DeleteAsync(request, staffId, ItemKind.Appointment, id);

    [Function(nameof(PutBlock))]
    public Task<IActionResult> PutBlock(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "staff/{staffId}/blocks/{id}")] HttpRequest request,
        string staffId, string id) =>
        PutAsync(request, DataApiItem.Block, id, staffId);

    [Function(nameof(DeleteBlock))]
    public Task<IActionResult> DeleteBlock(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "staff/{staffId}/blocks/{id}")] HttpRequest request,
        string staffId, string id) =>
        DeleteAsync(request, staffId, ItemKind.Block, id);

    [Function(nameof(ListBlocks))]
    public Task<IActionResult> ListBlocks(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "staff/{staffId}/blocks")] HttpRequest request,
        string staffId) =>
        Problems.CatchRefusalsAsync(logger, async () =>
        {
            var continuation = request.Query["continuation"].ToString();
            var page = await data.ListBlocksAsync(
                staffId, continuation.Length == 0 ? null : continuation, BlockPageSize, request.HttpContext.RequestAborted);
            return new OkObjectResult(new { items = page.Items.Select(DataApiItem.Show).ToList(), continuation = page.Continuation });
        });

    [Function(nameof(PutException))]
    public Task<IActionResult> PutException(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "staff/{staffId}/exceptions/{id}")] HttpRequest request,
        string staffId, string id) =>
        PutAsync(request, DataApiItem.Exception, id, staffId);

    [Function(nameof(DeleteException))]
    public Task<IActionResult> DeleteException(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "staff/{staffId}/exceptions/{id}")] HttpRequest request,
        string staffId, string id) =>
        DeleteAsync(request, staffId, ItemKind.Exception, id);

    [Function(nameof(PutClosure))]
    public Task<IActionResult> PutClosure(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "closures/{id}")] HttpRequest request,
        string id) =>
        PutAsync(request, DataApiItem.Closure, id, staffId: null);

    [Function(nameof(DeleteClosure))]
    public Task<IActionResult> DeleteClosure(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "closures/{id}")] HttpRequest request,
        string id) =>
        Problems.CatchRefusalsAsync(logger, async () =>
        {
            var syncNow = SyncNow(request);
            return Deleted(await data.DeleteClosureAsync(id, syncNow, request.HttpContext.RequestAborted), syncNow);
        });

    [Function(nameof(GetBusy))]
    public Task<IActionResult> GetBusy(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "staff/{staffId}/busy")] HttpRequest request,
        string staffId) =>
        Problems.CatchRefusalsAsync(logger, async () =>
        {
            var from = ItemRules.ParseInstant("from", QueryValue(request, "from"));
            var to = ItemRules.ParseInstant("to", QueryValue(request, "to"));
            var busy = await data.GetBusyAsync(staffId, from, to, QueryValue(request, "timeZone"), request.HttpContext.RequestAborted);
            return new OkObjectResult(new
            {
                staffId = busy.StaffId,
                from = busy.From,
                to = busy.To,
                timeZone = busy.TimeZoneId,
                busy = busy.Periods.Select(p => new { start = p.Start, end = p.End }).ToList(),
            });
        });

    [Function(nameof(CheckAvailability))]
    public Task<IActionResult> CheckAvailability(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "staff/{staffId}/availability/check")] HttpRequest request,
        string staffId) =>
        Problems.CatchRefusalsAsync(logger, async () =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var mode = QueryValue(request, "google") switch
            {
                null => BookingGuard.Live,
                "skip" => BookingGuard.Local,
                _ => throw new RequestRefusedException("google", "'google' may only be 'skip' (check the stored data only)."),
            };
            using var body = await JsonBody.ReadAsync(request, SlotFields, cancellationToken, maxBytes: 4 * 1024);
            var start = ItemRules.ParseInstant("start", body.Text("start"));
            var end = ItemRules.ParseInstant("end", body.Text("end"));
            return new OkObjectResult(AvailabilityBody(await data.CheckAvailabilityAsync(staffId, start, end, mode, cancellationToken)));
        });

    /// <summary>The JSON of an availability answer: in the check's answer, and as the conflicts of a refused guarded booking.</summary>
    internal static object AvailabilityBody(Availability availability) => new
    {
        staffId = availability.StaffId,
        start = availability.Start,
        end = availability.End,
        free = availability.IsFree,
        google = availability.Google switch
        {
            GoogleCheck.Checked => "checked",
            GoogleCheck.NotAsked => "notAsked",
            _ => "notConnected",
        },
        conflicts = Conflicts(availability),
    };

    internal static List<object> Conflicts(Availability availability) =>
        availability.Conflicts.Select(c => (object)new { source = SourceName(c.Source), id = c.Id, start = c.Start, end = c.End }).ToList();

    private static string SourceName(ConflictSource source) => source switch
    {
        ConflictSource.Appointment => "appointment",
        ConflictSource.LocalBlock => "localBlock",
        ConflictSource.Exception => "exception",
        ConflictSource.Closure => "closure",
        _ => "googleEvent",
    };

    private Task<IActionResult> PutAsync(HttpRequest request, DataApiItem kind, string id, string? staffId, bool guarded = false) =>
        Problems.CatchRefusalsAsync(logger, async () =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var syncNow = SyncNow(request);
            var guard = guarded ? Guard(request) : BookingGuard.None;
            using var body = await JsonBody.ReadAsync(request, kind.Fields, cancellationToken);
            var write = await data.SaveAsync(kind.Read(body, id, staffId), syncNow, guard, cancellationToken);
            var stored = write.Item!;
            logger.LogInformation("Data API stored {ItemKey} at version {Version}; syncs queued {SyncsQueued}", stored.Key, stored.Version, write.SyncsQueued);
            return new ObjectResult(new { item = DataApiItem.Show(stored), syncsQueued = write.SyncsQueued, warning = write.Warning })
            {
                StatusCode = syncNow ? StatusCodes.Status202Accepted
                    : stored.Version == 1 ? StatusCodes.Status201Created : StatusCodes.Status200OK,
            };
        });

    private Task<IActionResult> DeleteAsync(HttpRequest request, string staffId, ItemKind kind, string id) =>
        Problems.CatchRefusalsAsync(logger, async () =>
        {
            var syncNow = SyncNow(request);
            return Deleted(await data.DeleteAsync(staffId, new ItemKey(kind, id), syncNow, request.HttpContext.RequestAborted), syncNow);
        });

    private static IActionResult Deleted(DataWrite? done, bool syncNow) =>
        done is null
            ? Problems.NotFound("There is no such item.", "id")
            : syncNow
                ? new ObjectResult(new { deleted = true, syncsQueued = done.SyncsQueued }) { StatusCode = StatusCodes.Status202Accepted }
                : new NoContentResult();

    private static BookingGuard Guard(HttpRequest request) =>
        QueryValue(request, "guard") switch
        {
            null => BookingGuard.None,
            "true" => BookingGuard.Live,
            "local" => BookingGuard.Local,
            _ => throw new RequestRefusedException("guard", "'guard' may only be 'true' (stored data and Google now) or 'local' (stored data only)."),
        };

    private static bool SyncNow(HttpRequest request) =>
        QueryValue(request, "sync") switch
        {
            null => false,
            "now" => true,
            _ => throw new RequestRefusedException("sync", "'sync' may only be 'now'."),
        };

    private static string? QueryValue(HttpRequest request, string name)
    {
        var values = request.Query[name];
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new RequestRefusedException(name, $"'{name}' is given more than once."),
        };
    }
}
