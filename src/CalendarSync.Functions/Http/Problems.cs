using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Http;

/// <summary>
/// Every error answer of the function app (RFC 9457 problem details, <c>application/problem+json</c>, naming what to fix),
/// and the one place where a refused request becomes one. The connect pages, which a browser shows, answer HTML instead.
/// </summary>
internal static class Problems
{
    public const string ContentType = "application/problem+json";

    public static ObjectResult BadRequest(string field, string detail) => Problem(StatusCodes.Status400BadRequest, "Invalid request", detail, field);

    public static ObjectResult NotFound(string detail, string? field = null) => Problem(StatusCodes.Status404NotFound, "Not found", detail, field);

    public static ObjectResult Problem(int status, string title, string detail, string? field) =>
        new(Details(status, title, detail, field))
        {
            StatusCode = status,
            ContentTypes = { ContentType },
        };

    /// <summary>The problem itself, for an answer written without MVC (the middleware's).</summary>
    public static ProblemDetails Details(int status, string title, string detail, string? field) =>
        new() { Status = status, Title = title, Detail = detail, Extensions = { ["field"] = field } };

    /// <summary>
    /// Runs a function's work and answers what it refuses: a <see cref="RequestRefusedException"/> (the request's shape,
    /// found at the edge), a <see cref="DomainValidationException"/> (a Core rule) and an <see cref="InvalidContinuationException"/>
    /// (a listing position no store gave out) become a 400 (or 413) problem naming the field. Anything else is not the
    /// caller's to fix and goes on to the middleware's 500.
    /// </summary>
    public static async Task<IActionResult> CatchRefusalsAsync(ILogger logger, Func<Task<IActionResult>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            return await work();
        }
        catch (RequestRefusedException ex)
        {
            return Refused(logger, ex.Status, ex.Field ?? "body", ex.Message);
        }
        catch (DomainValidationException ex)
        {
            return Refused(logger, StatusCodes.Status400BadRequest, ex.Field ?? "body", ex.Message);
        }
        catch (InvalidContinuationException)
        {
            return Refused(logger, StatusCodes.Status400BadRequest, "continuation", "continuation is not one this endpoint gave out; start without it.");
        }
        catch (BookingConflictException ex)
        {
            logger.LogInformation(
                "Guarded booking refused for {StaffId}: {ConflictCount} conflicts", ex.Availability.StaffId, ex.Availability.Conflicts.Count);
            var problem = Details(StatusCodes.Status409Conflict, "Not free", ex.Message, "start");
            problem.Extensions["conflicts"] = DataApiFunction.Conflicts(ex.Availability);
            return new ObjectResult(problem) { StatusCode = StatusCodes.Status409Conflict, ContentTypes = { ContentType } };
        }
        catch (AvailabilityUnknownException ex)
        {
            // Said, not guessed: nothing was stored, and the caller may try again or ask for guard=local.
            logger.LogWarning(ex, "Availability could not be checked");
            return Problem(StatusCodes.Status503ServiceUnavailable, "Availability unknown", ex.Message, null);
        }
    }

    private static ObjectResult Refused(ILogger logger, int status, string field, string detail)
    {
        // The field only: the detail may echo what the caller sent.
        logger.LogInformation("Request refused with {Status}: {Field} is invalid", status, field);
        return Problem(status, status == StatusCodes.Status413PayloadTooLarge ? "Body too large" : "Invalid request", detail, field);
    }
}
