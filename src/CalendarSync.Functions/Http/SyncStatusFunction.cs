using CalendarSync.Core.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CalendarSync.Functions.Http;

/// <summary>Every connection's state for operators and the appointment system, a page at a time; never a token.</summary>
public sealed class SyncStatusFunction(IConnectionStore connections)
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    [Function(nameof(SyncStatus))]
    public async Task<IActionResult> SyncStatus(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "calendar/sync-status")] HttpRequest request)
    {
        var pageSize = DefaultPageSize;
        if (request.Query.TryGetValue("pageSize", out var size)
            && (!int.TryParse(size, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return Problems.BadRequest("pageSize", $"pageSize is a whole number from 1 to {MaxPageSize}.");
        }

        ConnectionPage page;
        try
        {
            page = await connections.ListAllAsync(request.Query["continuation"], pageSize, request.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or global::Azure.RequestFailedException { Status: 400 })
        {
            return Problems.BadRequest("continuation", "continuation is not one this endpoint gave out; start without it.");
        }

        return new OkObjectResult(new
        {
            items = page.Items.Select(c => new
            {
                staffId = c.StaffId,
                calendarId = c.Connection.CalendarId,
                provider = c.Connection.Provider,
                status = c.Connection.Status.ToString(),
                direction = c.Connection.Direction.ToString(),
                timeZone = c.TimeZoneId,
                connectedAt = c.ConnectedAt,
                lastSyncAt = c.Connection.LastSyncAt,
                lastOutcome = c.Connection.LastOutcome?.ToString(),
                lastRunWrites = c.LastRunWrites,
                lastMessage = c.LastMessage,
                pushChannelExpires = c.Channel?.Expiration,
            }),
            continuation = page.Continuation,
        });
    }
}
