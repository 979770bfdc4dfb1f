using Google.Apis.Requests;
using Newtonsoft.Json;

namespace CalendarSync.Google.Calendar.Data;

/// <summary>One page of <c>events.list</c>.</summary>
public class Events : IDirectResponseSchema
{
    [JsonProperty("kind")]
    public virtual string? Kind { get; set; }

    [JsonProperty("etag")]
    public virtual string? ETag { get; set; }

    [JsonProperty("summary")]
    public virtual string? Summary { get; set; }

    [JsonProperty("timeZone")]
    public virtual string? TimeZone { get; set; }

    [JsonProperty("updated")]
    public virtual string? UpdatedRaw { get; set; }

    [JsonProperty("items")]
    public virtual IList<Event>? Items { get; set; }

    /// <summary>Present on every page but the last.</summary>
    [JsonProperty("nextPageToken")]
    public virtual string? NextPageToken { get; set; }

    /// <summary>Present on the last page only: where the next incremental list starts.</summary>
    [JsonProperty("nextSyncToken")]
    public virtual string? NextSyncToken { get; set; }
}
