namespace CalendarSync.Core.Runs;

/// <summary>Why a run failed, in the few stable kinds an operator acts on (the sync log, the <c>SyncFailures</c> metric).</summary>
public enum SyncErrorKind
{
    /// <summary>Google did not answer in time or kept refusing for now (5xx, rate limits, timeouts) after our retries; the queue retries.</summary>
    GoogleUnavailable,

    /// <summary>Google refused a request as invalid; sending the same again will not help.</summary>
    GoogleRejected,

    /// <summary>A store failed: Table Storage or Key Vault unreachable, throttled, or refusing our identity.</summary>
    Storage,

    /// <summary>Anything else: a bug of ours, most likely after a deployment.</summary>
    Unexpected,
}
