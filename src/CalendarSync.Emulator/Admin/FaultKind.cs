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

    /// <summary>403 <c>quotaExceeded</c> in domain <c>usageLimits</c>: "Calendar usage limits exceeded."</summary>
    QuotaExceeded,

    /// <summary>403 <c>forbiddenForNonOrganizer</c> in domain <c>calendar</c>.</summary>
    ForbiddenForNonOrganizer,

    /// <summary>409 <c>conflict</c>: a batch part that Google asks to be retried on its own.</summary>
    Conflict,

    /// <summary>
    /// events.list and events.instances only: the page holds half the items it would (none when it would hold one) and
    /// still names a next page; a page after an empty one holds at least one, so paging always ends.
    /// </summary>
    ShortPages,

    /// <summary>
    /// Changes of a whole recurring series only (PUT, PATCH): the instances the change did away with are listed as
    /// cancelled afterwards. Without it they are simply no longer listed. No source settles which Google does.
    /// </summary>
    CancelReplacedInstances,

    /// <summary>Push notifications only (path: the channel address's path): the notification is never delivered.</summary>
    DropNotification,

    /// <summary>Push notifications only: the notification is delivered <c>latencyMs</c> later (others wait behind it).</summary>
    DelayNotification,
}
