using Newtonsoft.Json;

namespace CalendarSync.Google.Calendar.Data;

/// <summary>Why one calendar of a <c>freebusy.query</c> was not answered.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "The official package's name for it.")]
public class Error
{
    [JsonProperty("domain")]
    public virtual string? Domain { get; set; }

    [JsonProperty("reason")]
    public virtual string? Reason { get; set; }

    public virtual string? ETag { get; set; }
}
