using Newtonsoft.Json;

namespace CalendarSync.Google.Calendar.Data;

/// <summary>One calendar's part of a <c>freebusy.query</c> answer.</summary>
public class FreeBusyCalendar
{
    [JsonProperty("busy")]
    public virtual IList<TimePeriod>? Busy { get; set; }

    /// <summary>Why the calendar was not answered (<c>notFound</c>, <c>tooManyCalendarsRequested</c>, …); absent when it was.</summary>
    [JsonProperty("errors")]
    public virtual IList<Error>? Errors { get; set; }

    public virtual string? ETag { get; set; }
}
