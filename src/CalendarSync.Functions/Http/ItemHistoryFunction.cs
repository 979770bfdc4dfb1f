using System.Globalization;
using CalendarSync.Core.Domain;
using CalendarSync.Core.History;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Http;

/// <summary>What the sync did to one item of a staff member and why, newest first (<see cref="ItemHistory"/>).</summary>
public sealed class ItemHistoryFunction(ItemHistory history, ILogger<ItemHistoryFunction> logger)
{
    private const int DefaultLimit = 50;

    [Function(nameof(GetItemHistory))]
    public Task<IActionResult> GetItemHistory(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "staff/{staffId}/items/{kind}/{id}/history")] HttpRequest request,
        string staffId, string kind, string id) =>
        Problems.CatchRefusalsAsync(logger, async () =>
        {
            ArgumentNullException.ThrowIfNull(request);
            ItemId.Validate(staffId, "staffId");
            var key = ParseKey(kind, id);
            var limit = DefaultLimit;
            var given = request.Query["limit"].ToString();
            if (given.Length > 0
                && (!int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > ItemHistory.MaxEntries))
            {
                throw new RequestRefusedException("limit", $"limit must be a whole number from 1 to {ItemHistory.MaxEntries}.");
            }

            var entries = await history.ReadAsync(staffId, key, limit, request.HttpContext.RequestAborted);
            return new OkObjectResult(ItemHistoryView.From(staffId, key, entries));
        });

    /// <summary>The item named by a route's or a command's kind and id; a clear refusal for a kind that is not one.</summary>
    public static ItemKey ParseKey(string kind, string id)
    {
        if (kind is not ("appointment" or "block" or "exception" or "closure"))
        {
            throw new RequestRefusedException("kind", "kind must be appointment, block, exception or closure.");
        }

        ItemId.Validate(id, "id");
        return ItemKey.Parse($"{kind}:{id}");
    }
}
