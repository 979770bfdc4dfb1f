using Newtonsoft.Json;

namespace CalendarSync.Google.Calendar.Data;

/// <summary>The body of <c>freebusy.query</c>: a range and the calendars to answer for (at most 50).</summary>
public class FreeBusyRequest
{
    [JsonProperty("timeMin")]
    public virtual string? TimeMinRaw { get; set; }

    [JsonIgnore]
    public virtual DateTimeOffset? TimeMinDateTimeOffset
    {
        get => Rfc3339.Parse(TimeMinRaw);
        set => TimeMinRaw = Rfc3339.Format(value);
    }

    [JsonProperty("timeMax")]
    public virtual string? TimeMaxRaw { get; set; }

    [JsonIgnore]
    public virtual DateTimeOffset? TimeMaxDateTimeOffset
    {
        get => Rfc3339.Parse(TimeMaxRaw);
        set => TimeMaxRaw = Rfc3339.Format(value);
    }

    /// <summary>The zone of the answer's periods; Google's default is UTC.</summary>
    [JsonProperty("timeZone")]
    public virtual string? TimeZone { get; set; }

    [JsonProperty("calendarExpansionMax")]
    public virtual int? CalendarExpansionMax { get; set; }

    [JsonProperty("groupExpansionMax")]
    public virtual int? GroupExpansionMax { get; set; }

    [JsonProperty("items")]
    public virtual IList<FreeBusyRequestItem>? Items { get; set; }

    public virtual string? ETag { get; set; }
}
