using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CalendarSync.Functions.Http;

public sealed class SyncStatusFunction
{
    [Function(nameof(SyncStatus))]
    public IActionResult SyncStatus(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "calendar/sync-status")] HttpRequest request) =>
        NotBuiltYet.Result("Sync status");
}
