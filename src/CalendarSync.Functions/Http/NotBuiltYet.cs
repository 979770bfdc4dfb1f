using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CalendarSync.Functions.Http;

/// <summary>The honest answer of an endpoint whose service has not been built yet: 501, never a fake success.</summary>
internal static class NotBuiltYet
{
    public static IActionResult Result(string capability) =>
        new ObjectResult(new
        {
            error = "not_implemented",
            message = $"{capability} is not available in this build yet.",
        })
        {
            StatusCode = StatusCodes.Status501NotImplemented,
        };
}
