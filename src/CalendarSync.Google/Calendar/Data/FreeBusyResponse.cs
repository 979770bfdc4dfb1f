using Google.Apis.Requests;
using Newtonsoft.Json;

namespace CalendarSync.Google.Calendar.Data;

/// <summary>The answer of <c>freebusy.query</c>: per calendar asked for (under the id it was asked by), its busy periods or errors.</summary>
public class FreeBusyResponse : IDirectResponseSchema
{
    [JsonProperty("kind")]
    public virtual string? Kind { get; set; }

    [JsonProperty("timeMin")]
    public virtual string? TimeMinRaw { get; set; }

    [JsonProperty("timeMax")]
    public virtual string? TimeMaxRaw { get; set; }

    [JsonProperty("calendars")]
    public virtual IDictionary<string, FreeBusyCalendar>? Calendars { get; set; }

    public virtual string? ETag { get; set; }
}
