using System.Text.Json.Nodes;

namespace CalendarSync.Emulator.Google;

/// <summary>Error answers in the body format Google's JSON APIs use, which Google's clients parse into their exceptions.</summary>
internal static class GoogleError
{
    public static ApiResponse Create(
        int code, string reason, string message, string domain = "global", string? location = null, string? locationType = null)
    {
        var detail = new JsonObject { ["domain"] = domain, ["reason"] = reason, ["message"] = message };
        if (location is not null)
        {
            detail["locationType"] = locationType ?? "parameter";
            detail["location"] = location;
        }

        var error = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["errors"] = new JsonArray(detail),
        };
        if (StatusOf(code) is { } status)
        {
            error["status"] = status;
        }

        return new ApiResponse(code, new JsonObject { ["error"] = error });
    }

    public static ApiResponse BadRequest(string message, string reason = "invalid", string? location = null) =>
        Create(400, reason, message, location: location);

    public static ApiResponse NotFound() => Create(404, "notFound", "Not Found");

    public static ApiResponse Unauthorized()
    {
        var response = Create(
            401,
            "authError",
            "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
            location: "Authorization",
            locationType: "header");
        return response with { Headers = [new("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"")] };
    }

    /// <summary>
    /// A token whose scopes the method does not accept, as Google words it: a 403 with an <c>ErrorInfo</c> detail naming the
    /// method, and <c>WWW-Authenticate</c> naming the scopes that would do.
    /// </summary>
    public static ApiResponse InsufficientScopes(string apiMethod, IEnumerable<string> accepted)
    {
        var error = new JsonObject
        {
            ["code"] = 403,
            ["message"] = "Request had insufficient authentication scopes.",
            ["errors"] = new JsonArray(new JsonObject
            {
                ["message"] = "Insufficient Permission",
                ["domain"] = "global",
                ["reason"] = "insufficientPermissions",
            }),
            ["status"] = "PERMISSION_DENIED",
            ["details"] = new JsonArray(new JsonObject
            {
                ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo",
                ["reason"] = "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                ["domain"] = "googleapis.com",
                ["metadata"] = new JsonObject { ["service"] = "calendar-json.googleapis.com", ["method"] = "calendar.v3." + apiMethod },
            }),
        };
        var challenge = $"Bearer realm=\"https://accounts.google.com/\", error=\"insufficient_scope\", scope=\"{string.Join(' ', accepted)}\"";
        return new ApiResponse(403, new JsonObject { ["error"] = error }) { Headers = [new("WWW-Authenticate", challenge)] };
    }

    public static ApiResponse FullSyncRequired() =>
        Create(410, "fullSyncRequired", "Sync token is no longer valid, a full sync is required.", "calendar", "syncToken", "parameter");

    /// <summary>A write whose <c>sequence</c> is below the event's current one.</summary>
    public static ApiResponse InvalidSequence() => Create(400, "invalid", "Invalid sequence value.", location: "sequence");

    /// <summary>The calendar-wide usage limit (not a rate limit): Google leaves the calendar read-only for hours.</summary>
    public static ApiResponse QuotaExceeded() => Create(403, "quotaExceeded", "Calendar usage limits exceeded.", "usageLimits");

    /// <summary>A call the user's access role on the calendar does not allow (a reader's write; a writer's delete of the calendar).</summary>
    public static ApiResponse RequiredAccessLevel(string role) =>
        Create(403, "requiredAccessLevel", $"You need to have {role} access to this calendar.", "calendar");

    public static ApiResponse CannotDeletePrimaryCalendar() =>
        Create(403, "cannotDeletePrimaryCalendar", "Cannot delete primary calendar.", "calendar");

    /// <summary>calendarList.delete of the user's own primary calendar: it cannot leave their list.</summary>
    public static ApiResponse CannotChangeOwnPrimarySubscription() =>
        Create(403, "cannotChangeOwnPrimarySubscription", "Cannot change own primary subscription.", "calendar");

    public static ApiResponse ForbiddenForNonOrganizer() =>
        Create(403, "forbiddenForNonOrganizer", "Shared properties can only be changed by the organizer of the event.", "calendar");

    /// <summary>One part of a batch that Google could not run because of another: retry that part alone.</summary>
    public static ApiResponse Conflict() => Create(409, "conflict", "Conflict");

    public static ApiResponse Deleted() => Create(410, "deleted", "Resource has been deleted");

    public static ApiResponse PreconditionFailed() =>
        Create(412, "conditionNotMet", "Precondition Failed", location: "If-Match", locationType: "header");

    public static ApiResponse Duplicate() => Create(409, "duplicate", "The requested identifier already exists.");

    // Google's canonical status names; a 410 carries none in Calendar's answers.
    private static string? StatusOf(int code) => code switch
    {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "ALREADY_EXISTS",
        412 => "FAILED_PRECONDITION",
        429 => "RESOURCE_EXHAUSTED",
        500 => "INTERNAL",
        503 => "UNAVAILABLE",
        _ => null,
    };
}
