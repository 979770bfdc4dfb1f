using Newtonsoft.Json;

namespace CalendarSync.Google.Calendar.Data;

public class EventReminder
{
    /// <summary><c>email</c> or <c>popup</c>.</summary>
    [JsonProperty("method")]
    public virtual string? Method { get; set; }

    [JsonProperty("minutes")]
    public virtual int? Minutes { get; set; }
}
