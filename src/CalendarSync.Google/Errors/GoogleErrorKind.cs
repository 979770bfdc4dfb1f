namespace CalendarSync.Google.Errors;

/// <summary>What a failed Google call means for the sync, decided once in <see cref="GoogleErrorClassifier"/>.</summary>
public enum GoogleErrorKind
{
    /// <summary>Rate limits, 5xx, timeouts, dropped connections: try again later.</summary>
    Transient,

    /// <summary>410: a sync token expired (full resync), or an event was deleted (already gone).</summary>
    Gone,

    /// <summary>404: no such event or calendar.</summary>
    NotFound,

    /// <summary>409: an event with that id exists (or existed); update it instead.</summary>
    AlreadyExists,

    /// <summary>412: the event changed since we read it; read it again.</summary>
    PreconditionFailed,

    /// <summary>The grant is revoked or expired: the staff member has to reconnect.</summary>
    GrantRevoked,

    /// <summary>403 forbidden / requiredAccessLevel: this grant cannot write the calendar.</summary>
    NotWritable,

    /// <summary>403 insufficient authentication scopes: the grant lacks a scope the call needs; the staff member must connect again.</summary>
    ScopeMissing,

    /// <summary>The OAuth client itself was rejected (wrong id or secret): a configuration error.</summary>
    ClientRejected,

    /// <summary>403 quotaExceeded, "Calendar usage limits exceeded": the calendar is read-only for hours; do not retry soon.</summary>
    UsageLimited,

    /// <summary>403 forbiddenForNonOrganizer: this one event cannot be changed by this user; the others can.</summary>
    NotOrganizer,

    /// <summary>409 conflict on a batch part: it clashed with another part; retry it on its own.</summary>
    Conflict,

    /// <summary>400 and other answers that trying again will not change.</summary>
    Invalid,
}
