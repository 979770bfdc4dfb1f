using Google.Apis.Requests;
using Newtonsoft.Json;

namespace CalendarSync.Google.Calendar.Data;

/// <summary>A push notification channel (<c>events.watch</c>, <c>channels.stop</c>).</summary>
public class Channel : IDirectResponseSchema
{
    [JsonProperty("kind")]
    public virtual string? Kind { get; set; }

    [JsonProperty("id")]
    public virtual string? Id { get; set; }

    [JsonProperty("resourceId")]
    public virtual string? ResourceId { get; set; }

    [JsonProperty("resourceUri")]
    public virtual string? ResourceUri { get; set; }

    /// <summary>Sent back with every notification (<c>X-Goog-Channel-Token</c>); we verify it.</summary>
    [JsonProperty("token")]
    public virtual string? Token { get; set; }

    /// <summary>Milliseconds since the Unix epoch.</summary>
    [JsonProperty("expiration")]
    public virtual long? Expiration { get; set; }

    [JsonProperty("type")]
    public virtual string? Type { get; set; }

    [JsonProperty("address")]
    public virtual string? Address { get; set; }

    [JsonProperty("params")]
    public virtual IDictionary<string, string>? Params__ { get; set; }

    public virtual string? ETag { get; set; }
}
