using Google.Apis.Requests;
using Newtonsoft.Json;

namespace CalendarSync.Google.Calendar.Data;

/// <summary>An event's start or end: <c>Date</c> for all-day events, <c>DateTimeRaw</c> otherwise.</summary>
public class EventDateTime : IDirectResponseSchema
{
    /// <summary>The date of an all-day event, <c>yyyy-mm-dd</c>.</summary>
    [JsonProperty("date")]
    public virtual string? Date { get; set; }

    /// <summary>RFC 3339 time with offset, unless <see cref="TimeZone"/> gives the zone.</summary>
    [JsonProperty("dateTime")]
    public virtual string? DateTimeRaw { get; set; }

    [JsonIgnore]
    public virtual DateTimeOffset? DateTimeDateTimeOffset
    {
        get => Rfc3339.Parse(DateTimeRaw);
        set => DateTimeRaw = Rfc3339.Format(value);
    }

    /// <summary>IANA time zone in which the time is specified (and, for recurring events, expanded).</summary>
    [JsonProperty("timeZone")]
    public virtual string? TimeZone { get; set; }

    public virtual string? ETag { get; set; }
}
