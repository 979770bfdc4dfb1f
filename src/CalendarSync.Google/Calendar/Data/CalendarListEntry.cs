using Google.Apis.Requests;
using Newtonsoft.Json;

namespace CalendarSync.Google.Calendar.Data;

/// <summary>A calendar as it stands on the user's list, with the user's access role on it.</summary>
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

    [JsonProperty("description")]
    public virtual string? Description { get; set; }

    /// <summary>Set only on an entry that left the list, as a sync token's list (or <c>showDeleted</c>) names it.</summary>
    [JsonProperty("deleted")]
    public virtual bool? Deleted { get; set; }

    /// <summary><c>freeBusyReader</c>, <c>reader</c>, <c>writer</c> or <c>owner</c>.</summary>
    [JsonProperty("accessRole")]
    public virtual string? AccessRole { get; set; }
}
