using System.Text.Json;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CalendarSync.Functions.Http;

/// <summary>The appointment system asks for an immediate sync of one staff member (<c>{"staffId": "…"}</c>) or of everyone (no body).</summary>
public sealed class ManualSyncFunction(SyncScheduler scheduler)
{
    private const int MaxBodyBytes = 4096;

    [Function(nameof(RequestSync))]
    public async Task<IActionResult> RequestSync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "calendar/sync")] HttpRequest request)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        if (request.ContentLength > MaxBodyBytes)
        {
            return Problems.Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body is at most {MaxBodyBytes} bytes.", null);
        }

        string? staffId;
        try
        {
            staffId = await ReadStaffIdAsync(request, cancellationToken);
        }
        catch (JsonException)
        {
            return Problems.BadRequest("body", """The body is {"staffId": "…"} for one staff member, or empty for everyone.""");
        }

        if (staffId is null)
        {
            var queued = await scheduler.QueueAllAsync(SyncReason.Manual, cancellationToken);
            return new AcceptedResult((string?)null, new { queued });
        }

        if (!ItemId.IsValid(staffId))
        {
            return Problems.BadRequest("staffId", "staffId is 1 to 128 letters, digits, '-', '_' or '.'.");
        }

        return await scheduler.QueueAsync(staffId, SyncReason.Manual, cancellationToken)
            ? new AcceptedResult((string?)null, new { queued = 1, staffId })
            : Problems.NotFound($"Staff member {staffId} has no enabled calendar connection.");
    }

    private static async Task<string?> ReadStaffIdAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        if (body.Length > MaxBodyBytes)
        {
            throw new JsonException("too large");
        }

        if (body.Length == 0 || body.ToArray().All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            return null;
        }

        using var document = JsonDocument.Parse(body.ToArray());
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("not an object");
        }

        if (!document.RootElement.TryGetProperty("staffId", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return document.RootElement.EnumerateObject().Any() ? throw new JsonException("unknown fields") : null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new JsonException("staffId is not a string");
    }
}
