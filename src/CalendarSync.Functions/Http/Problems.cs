using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CalendarSync.Functions.Http;

/// <summary>Clear error answers (RFC 9457 problem details) that name what to fix.</summary>
internal static class Problems
{
    public static ObjectResult BadRequest(string field, string detail) => Problem(StatusCodes.Status400BadRequest, "Invalid request", detail, field);

    public static ObjectResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail, null);

    public static ObjectResult Problem(int status, string title, string detail, string? field) =>
        new(new ProblemDetails { Status = status, Title = title, Detail = detail, Extensions = { ["field"] = field } })
        {
            StatusCode = status,
            ContentTypes = { "application/problem+json" },
        };
}
