namespace CalendarSync.Emulator.Admin;

/// <summary>What an injected fault does to a request it matches.</summary>
public enum FaultKind
{
    /// <summary>403 <c>rateLimitExceeded</c> in domain <c>usageLimits</c>.</summary>
    RateLimitExceeded,

    /// <summary>403 <c>userRateLimitExceeded</c> in domain <c>usageLimits</c>.</summary>
    UserRateLimitExceeded,

    /// <summary>429 <c>rateLimitExceeded</c>.</summary>
    TooManyRequests,

    /// <summary>500 <c>backendError</c>.</summary>
    BackendError,

    /// <summary>503 <c>backendError</c>.</summary>
    ServiceUnavailable,

    /// <summary>The request is answered normally, <c>latencyMs</c> later.</summary>
    Latency,

    /// <summary>The connection is closed without an answer.</summary>
    DropConnection,
}
