namespace CalendarSync.Core.Calendar;

public enum EventWriteOutcome
{
    /// <summary>Done; the result carries the event as stored, with its new etag (none for deletes).</summary>
    Written,

    /// <summary>Insert: an event with this id exists already (409), possibly deleted. Update it instead.</summary>
    AlreadyExists,

    /// <summary>Update: the event changed since the etag given (412). Read it again.</summary>
    Changed,

    /// <summary>Update: no such event (404). Delete: gone already (404 or 410), which is fine.</summary>
    NotFound,

    /// <summary>This write failed; <see cref="EventWriteResult.Error"/> says how.</summary>
    Failed,

    /// <summary>
    /// Google refused this one write for a reason of the event's own (403 <c>forbiddenForNonOrganizer</c>); the event is
    /// as it was, and trying again will not change that. <see cref="EventWriteResult.Error"/> carries Google's words.
    /// </summary>
    Refused,
}
