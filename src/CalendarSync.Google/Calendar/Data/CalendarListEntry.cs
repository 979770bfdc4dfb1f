using Google.Apis.Requests;
using Newtonsoft.Json;

namespace CalendarSync.Google.Calendar.Data;

public class CalendarListEntry : IDirectResponseSchema
{
    [JsonProperty("kind")]
    public virtual string? Kind { get; set; }

    [JsonProperty("etag")]
    public virtual string? ETag { get; set; }

    /// <summary>For the primary calendar, the account's email address.</summary>
    [JsonProperty("id")]
    public virtual string? Id { get; set; }

    [JsonProperty("summary")]
    public virtual string? Summary { get; set; }

    [JsonProperty("timeZone")]
    public virtual string? TimeZone { get; set; }

    [JsonProperty("primary")]
    public virtual bool? Primary { get; set; }

    /// <summary><c>freeBusyReader</c>, <c>reader</c>, <c>writer</c> or <c>owner</c>.</summary>
    [JsonProperty("accessRole")]
    public virtual string? AccessRole { get; set; }
}
