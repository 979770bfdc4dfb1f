using System.Globalization;
using CalendarSync.Core.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Http;

/// <summary>Every connection's state for operators and the appointment system, a page at a time; never a token.</summary>
public sealed class SyncStatusFunction(IConnectionStore connections, ILogger<SyncStatusFunction> logger)
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    [Function(nameof(SyncStatus))]
    public Task<IActionResult> SyncStatus(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "calendar/sync-status")] HttpRequest request) =>
        Problems.CatchRefusalsAsync(logger, async () =>
        {
            var pageSize = DefaultPageSize;
            if (request.Query.TryGetValue("pageSize", out var size)
                && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
            {
                throw new RequestRefusedException("pageSize", $"pageSize is a whole number from 1 to {MaxPageSize}.");
            }

            var page = await connections.ListAllAsync(request.Query["continuation"], pageSize, request.HttpContext.RequestAborted);
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
                    writeCalendarId = c.Connection.WriteCalendar,
                    reconnectAwaited = CalendarChoice.AwaitedReconnect(c.Connection),
                }),
                continuation = page.Continuation,
            });
        });
}
