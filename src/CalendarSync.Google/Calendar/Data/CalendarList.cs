using Google.Apis.Requests;
using Newtonsoft.Json;

namespace CalendarSync.Google.Calendar.Data;

/// <summary>One page of <c>calendarList.list</c>: a next page's token, or on the last page a sync token.</summary>
public class CalendarList : IDirectResponseSchema
{
    [JsonProperty("kind")]
    public virtual string? Kind { get; set; }

    [JsonProperty("etag")]
    public virtual string? ETag { get; set; }

    [JsonProperty("items")]
    public virtual IList<CalendarListEntry>? Items { get; set; }

    [JsonProperty("nextPageToken")]
    public virtual string? NextPageToken { get; set; }

    [JsonProperty("nextSyncToken")]
    public virtual string? NextSyncToken { get; set; }
}
