using System.Net;
using CalendarSync.Google.Errors;
using Google;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Requests;

namespace CalendarSync.Google.Tests.Errors;

public sealed class GoogleErrorClassifierTests
{
    [Theory]
    [InlineData(403, "rateLimitExceeded", "usageLimits", GoogleErrorKind.Transient)]
    [InlineData(403, "userRateLimitExceeded", "usageLimits", GoogleErrorKind.Transient)]
    [InlineData(403, "quotaExceeded", "usageLimits", GoogleErrorKind.UsageLimited)]
    [InlineData(403, "forbiddenForNonOrganizer", "calendar", GoogleErrorKind.NotOrganizer)]
    [InlineData(409, "conflict", "global", GoogleErrorKind.Conflict)]
    [InlineData(429, "rateLimitExceeded", "usageLimits", GoogleErrorKind.Transient)]
    [InlineData(500, "backendError", "global", GoogleErrorKind.Transient)]
    [InlineData(503, "backendError", "global", GoogleErrorKind.Transient)]
    [InlineData(410, "fullSyncRequired", "calendar", GoogleErrorKind.Gone)]
    [InlineData(410, "deleted", "global", GoogleErrorKind.Gone)]
    [InlineData(409, "duplicate", "global", GoogleErrorKind.AlreadyExists)]
    [InlineData(412, "conditionNotMet", "global", GoogleErrorKind.PreconditionFailed)]
    [InlineData(404, "notFound", "global", GoogleErrorKind.NotFound)]
    [InlineData(401, "authError", "global", GoogleErrorKind.GrantRevoked)]
    [InlineData(403, "forbidden", "global", GoogleErrorKind.NotWritable)]
    [InlineData(403, "insufficientPermissions", "global", GoogleErrorKind.ScopeMissing)]
    [InlineData(400, "invalid", "global", GoogleErrorKind.Invalid)]
    public void Classify_GoogleApiAnswer_IsWhatTheSyncMustDo(int status, string reason, string domain, GoogleErrorKind expected)
    {
        var exception = new GoogleApiException("calendar", reason)
        {
            HttpStatusCode = (HttpStatusCode)status,
            Error = new RequestError { Code = status, Errors = [new SingleError { Reason = reason, Domain = domain }] },
        };

        Assert.Equal(expected, GoogleErrorClassifier.Classify(exception, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("invalid_grant", 400, GoogleErrorKind.GrantRevoked)]
    [InlineData("invalid_client", 401, GoogleErrorKind.ClientRejected)]
    [InlineData("server_error", 503, GoogleErrorKind.Transient)]
    [InlineData("temporarily_unavailable", null, GoogleErrorKind.Transient)]
    [InlineData("invalid_request", 400, GoogleErrorKind.Invalid)]
    public void Classify_TokenEndpointAnswer_OnlyInvalidGrantIsRevoked(string error, int? status, GoogleErrorKind expected)
    {
        var exception = new TokenResponseException(new TokenErrorResponse { Error = error }, (HttpStatusCode?)status);

        Assert.Equal(expected, GoogleErrorClassifier.Classify(exception, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Classify_TimeoutOrDroppedConnection_IsTransient()
    {
        Assert.Equal(GoogleErrorKind.Transient, GoogleErrorClassifier.Classify(new TaskCanceledException("timeout"), TestContext.Current.CancellationToken));
        Assert.Equal(GoogleErrorKind.Transient, GoogleErrorClassifier.Classify(new HttpRequestException("reset"), TestContext.Current.CancellationToken));
        Assert.Equal(GoogleErrorKind.Transient, GoogleErrorClassifier.Classify(new IOException("broken pipe"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Classify_CancelledByCaller_IsNotAGoogleFailure()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Null(GoogleErrorClassifier.Classify(new OperationCanceledException(cancelled.Token), cancelled.Token));
    }

    [Fact]
    public void Classify_UnrelatedException_IsNull()
    {
        Assert.Null(GoogleErrorClassifier.Classify(new InvalidOperationException("a bug of ours"), TestContext.Current.CancellationToken));
    }
}
