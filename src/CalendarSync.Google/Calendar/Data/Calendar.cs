using Google.Apis.Requests;
using Newtonsoft.Json;

namespace CalendarSync.Google.Calendar.Data;

/// <summary>A calendar itself (<c>calendar#calendar</c>): what <c>calendars.insert</c> takes and answers.</summary>
public class Calendar : IDirectResponseSchema
{
    [JsonProperty("kind")]
    public virtual string? Kind { get; set; }

    [JsonProperty("etag")]
    public virtual string? ETag { get; set; }

    [JsonProperty("id")]
    public virtual string? Id { get; set; }

    [JsonProperty("summary")]
    public virtual string? Summary { get; set; }

    [JsonProperty("description")]
    public virtual string? Description { get; set; }

    /// <summary>An IANA zone name, e.g. <c>Europe/Berlin</c>.</summary>
    [JsonProperty("timeZone")]
    public virtual string? TimeZone { get; set; }

    /// <summary>The email of the user who made a secondary calendar; absent on a primary one.</summary>
    [JsonProperty("dataOwner")]
    public virtual string? DataOwner { get; set; }
}
