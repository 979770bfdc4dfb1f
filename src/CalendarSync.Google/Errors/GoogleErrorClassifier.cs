using System.Net;
using Google;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Requests;

namespace CalendarSync.Google.Errors;

/// <summary>The one place that maps Google's answers to what the sync must do.</summary>
public static class GoogleErrorClassifier
{
    private static readonly HashSet<string> RateLimitReasons = new(StringComparer.Ordinal)
    {
        "rateLimitExceeded", "userRateLimitExceeded",
    };

    private static readonly HashSet<string> PermissionReasons = new(StringComparer.Ordinal)
    {
        "forbidden", "requiredAccessLevel",
    };

    /// <summary>The kind of a failure, or null when <paramref name="exception"/> is not a failure of a call to Google.</summary>
    /// <param name="exception">What the call threw.</param>
    /// <param name="callerToken">The caller's token: a cancellation it asked for is not Google's failure.</param>
    public static GoogleErrorKind? Classify(Exception exception, CancellationToken callerToken) => exception switch
    {
        GoogleApiException api => Classify(api.HttpStatusCode, api.Error),
        TokenResponseException token => ClassifyToken(token),
        OperationCanceledException when callerToken.IsCancellationRequested => null,
        OperationCanceledException or TimeoutException or HttpRequestException or IOException => GoogleErrorKind.Transient,
        _ => null,
    };

    /// <summary>The kind of an error answer (a whole call's or one part's of a batch).</summary>
    public static GoogleErrorKind Classify(HttpStatusCode status, RequestError? error)
    {
        var errors = error?.Errors ?? [];
        return (int)status switch
        {
            401 => GoogleErrorKind.GrantRevoked,
            // Not a rate limit: Google keeps the calendar read-only for hours, and every retry prolongs it.
            403 when HasReason(errors, "quotaExceeded") => GoogleErrorKind.UsageLimited,
            403 when HasReason(errors, "forbiddenForNonOrganizer") => GoogleErrorKind.NotOrganizer,
            403 when IsScopeMissing(error) => GoogleErrorKind.ScopeMissing,
            403 when IsRateLimit(status, errors.Select(e => e.Reason)) => GoogleErrorKind.Transient,
            403 when errors.Any(e => e.Reason is not null && PermissionReasons.Contains(e.Reason)) => GoogleErrorKind.NotWritable,
            // Usage limits Google does not name as rate limits still pass with time.
            403 when errors.Any(e => e.Domain == "usageLimits") => GoogleErrorKind.Transient,
            403 => GoogleErrorKind.NotWritable,
            404 => GoogleErrorKind.NotFound,
            409 when HasReason(errors, "conflict") => GoogleErrorKind.Conflict,
            409 => GoogleErrorKind.AlreadyExists,
            410 => GoogleErrorKind.Gone,
            412 => GoogleErrorKind.PreconditionFailed,
            408 or 429 => GoogleErrorKind.Transient,
            >= 500 => GoogleErrorKind.Transient,
            _ => GoogleErrorKind.Invalid,
        };
    }

    /// <summary>True for the rate-limit answers Google asks clients to back off from.</summary>
    public static bool IsRateLimit(HttpStatusCode status, IEnumerable<string?> reasons) =>
        status == HttpStatusCode.TooManyRequests
        || (status == HttpStatusCode.Forbidden && reasons.Any(r => r is not null && RateLimitReasons.Contains(r)));

    private static bool HasReason(IEnumerable<SingleError> errors, string reason) => errors.Any(e => e.Reason == reason);

    // Google's answer to a token without the method's scopes: reason insufficientPermissions (its older form carried only
    // that) and, today, an ErrorInfo detail ACCESS_TOKEN_SCOPE_INSUFFICIENT.
    private static bool IsScopeMissing(RequestError? error) =>
        error is not null && (HasReason(error.Errors ?? [], "insufficientPermissions")
            || error.ErrorResponseContent?.Contains("ACCESS_TOKEN_SCOPE_INSUFFICIENT", StringComparison.Ordinal) == true);

    private static GoogleErrorKind ClassifyToken(TokenResponseException exception) => exception.Error?.Error switch
    {
        // Google's word for a refresh token that was revoked, expired or never existed.
        "invalid_grant" => GoogleErrorKind.GrantRevoked,
        "invalid_client" or "unauthorized_client" => GoogleErrorKind.ClientRejected,
        _ when exception.StatusCode is null || (int)exception.StatusCode >= 500 || exception.StatusCode == HttpStatusCode.TooManyRequests
            => GoogleErrorKind.Transient,
        _ => GoogleErrorKind.Invalid,
    };
}
