using Newtonsoft.Json;

namespace CalendarSync.Google.Calendar.Data;

/// <summary>A busy period of <c>freebusy.query</c>: start inclusive, end exclusive.</summary>
public class TimePeriod
{
    [JsonProperty("start")]
    public virtual string? StartRaw { get; set; }

    [JsonIgnore]
    public virtual DateTimeOffset? StartDateTimeOffset
    {
        get => Rfc3339.Parse(StartRaw);
        set => StartRaw = Rfc3339.Format(value);
    }

    [JsonProperty("end")]
    public virtual string? EndRaw { get; set; }

    [JsonIgnore]
    public virtual DateTimeOffset? EndDateTimeOffset
    {
        get => Rfc3339.Parse(EndRaw);
        set => EndRaw = Rfc3339.Format(value);
    }

    public virtual string? ETag { get; set; }
}
