using Newtonsoft.Json;

namespace CalendarSync.Google.Calendar.Data;

/// <summary>One calendar (or group) of a <c>freebusy.query</c>.</summary>
public class FreeBusyRequestItem
{
    [JsonProperty("id")]
    public virtual string? Id { get; set; }

    public virtual string? ETag { get; set; }
}
