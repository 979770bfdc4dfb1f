using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CalendarSync.Functions.Http;

/// <summary>The appointment system asks for an immediate sync of one staff member or of everyone.</summary>
public sealed class ManualSyncFunction
{
    [Function(nameof(RequestSync))]
    public IActionResult RequestSync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "calendar/sync")] HttpRequest request) =>
        NotBuiltYet.Result("Requesting a sync");
}
