using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Http;

/// <summary>
/// The appointment system's data API: puts and deletes of appointments, blocks, exceptions and closures, and the busy
/// query. Bodies are read strictly (<see cref="DataApiBody"/>) into each kind's item (<see cref="DataApiItem"/>), whose
/// constructor checks it; every refusal is a 400 problem naming the field.
/// </summary>
public sealed class DataApiFunction(AppointmentDataService data, ILogger<DataApiFunction> logger)
{
    private const int BlockPageSize = 200;

    [Function(nameof(PutAppointment))]
    public Task<IActionResult> PutAppointment(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "staff/{staffId}/appointments/{id}")] HttpRequest request,
        string staffId, string id) =>
        PutAsync(request, DataApiItem.Appointment, id, staffId);

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
    public async Task<IActionResult> ListBlocks(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "staff/{staffId}/blocks")] HttpRequest request,
        string staffId)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var continuation = request.Query["continuation"].ToString();
            var page = await data.ListBlocksAsync(
                staffId, continuation.Length == 0 ? null : continuation, BlockPageSize, request.HttpContext.RequestAborted);
            return new OkObjectResult(new { items = page.Items.Select(DataApiItem.Show).ToList(), continuation = page.Continuation });
        }
        catch (DataApiRequestException ex)
        {
            return Problem(ex.Field, ex.Message);
        }
        catch (DomainValidationException ex)
        {
            return Problem(ex.Field ?? "continuation", ex.Message);
        }
        catch (ArgumentException ex) when (ex.ParamName == "continuation")
        {
            // The store refuses a continuation it did not hand out; that is the caller's error, not a 500.
            return Problem("continuation", "continuation is not one this endpoint gave out; start without it.");
        }
    }

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
    public async Task<IActionResult> DeleteClosure(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "closures/{id}")] HttpRequest request,
        string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var syncNow = SyncNow(request);
            var done = await data.DeleteClosureAsync(id, syncNow, request.HttpContext.RequestAborted);
            return Deleted(done, syncNow);
        }
        catch (DataApiRequestException ex)
        {
            return Problem(ex.Field, ex.Message);
        }
        catch (DomainValidationException ex)
        {
            return Problem(ex.Field ?? "body", ex.Message);
        }
    }

    [Function(nameof(GetBusy))]
    public async Task<IActionResult> GetBusy(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "staff/{staffId}/busy")] HttpRequest request,
        string staffId)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
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
        }
        catch (DataApiRequestException ex)
        {
            return Problem(ex.Field, ex.Message);
        }
        catch (DomainValidationException ex)
        {
            return Problem(ex.Field ?? "body", ex.Message);
        }
    }

    private async Task<IActionResult> PutAsync(HttpRequest request, DataApiItem kind, string id, string? staffId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = request.HttpContext.RequestAborted;
        try
        {
            var syncNow = SyncNow(request);
            using var body = await DataApiBody.ReadAsync(request, kind.Fields, cancellationToken);
            if (body is null)
            {
                return new ObjectResult(ProblemBody(StatusCodes.Status413PayloadTooLarge, "body", $"The body is larger than {DataApiBody.MaxBytes} bytes."))
                {
                    StatusCode = StatusCodes.Status413PayloadTooLarge,
                    ContentTypes = { "application/problem+json" },
                };
            }

            var write = await data.SaveAsync(kind.Read(body, id, staffId), syncNow, cancellationToken);
            var stored = write.Item!;
            logger.LogInformation("Data API stored {ItemKey} at version {Version}; syncs queued {SyncsQueued}", stored.Key, stored.Version, write.SyncsQueued);
            return new ObjectResult(new { item = DataApiItem.Show(stored), syncsQueued = write.SyncsQueued, warning = write.Warning })
            {
                StatusCode = syncNow ? StatusCodes.Status202Accepted
                    : stored.Version == 1 ? StatusCodes.Status201Created : StatusCodes.Status200OK,
            };
        }
        catch (DataApiRequestException ex)
        {
            return Problem(ex.Field, ex.Message);
        }
        catch (DomainValidationException ex)
        {
            return Problem(ex.Field ?? "body", ex.Message);
        }
    }

    private async Task<IActionResult> DeleteAsync(HttpRequest request, string staffId, ItemKind kind, string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var syncNow = SyncNow(request);
            var done = await data.DeleteAsync(staffId, new ItemKey(kind, id), syncNow, request.HttpContext.RequestAborted);
            return Deleted(done, syncNow);
        }
        catch (DataApiRequestException ex)
        {
            return Problem(ex.Field, ex.Message);
        }
        catch (DomainValidationException ex)
        {
            return Problem(ex.Field ?? "body", ex.Message);
        }
    }

    private static IActionResult Deleted(DataWrite? done, bool syncNow) =>
        done is null
            ? new ObjectResult(ProblemBody(StatusCodes.Status404NotFound, "id", "There is no such item."))
            {
                StatusCode = StatusCodes.Status404NotFound,
                ContentTypes = { "application/problem+json" },
            }
            : syncNow
                ? new ObjectResult(new { deleted = true, syncsQueued = done.SyncsQueued }) { StatusCode = StatusCodes.Status202Accepted }
                : new NoContentResult();

    private ObjectResult Problem(string? field, string detail)
    {
        logger.LogInformation("Data API refused a request: {Field} is invalid", field);
        return new ObjectResult(ProblemBody(StatusCodes.Status400BadRequest, field, detail))
        {
            StatusCode = StatusCodes.Status400BadRequest,
            ContentTypes = { "application/problem+json" },
        };
    }

    private static ProblemDetails ProblemBody(int status, string? field, string detail)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = status switch
            {
                StatusCodes.Status404NotFound => "Not found",
                StatusCodes.Status413PayloadTooLarge => "Body too large",
                _ => "Invalid request",
            },
            Detail = detail,
        };
        problem.Extensions["field"] = field;
        return problem;
    }

    private static bool SyncNow(HttpRequest request) =>
        QueryValue(request, "sync") switch
        {
            null => false,
            "now" => true,
            _ => throw new DataApiRequestException("sync", "'sync' may only be 'now'."),
        };

    private static string? QueryValue(HttpRequest request, string name)
    {
        var values = request.Query[name];
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new DataApiRequestException(name, $"'{name}' is given more than once."),
        };
    }
}
