using Newtonsoft.Json;

namespace CalendarSync.Google.Calendar.Data;

public class EventAttendee
{
    [JsonProperty("email")]
    public virtual string? Email { get; set; }

    [JsonProperty("displayName")]
    public virtual string? DisplayName { get; set; }

    /// <summary><c>needsAction</c>, <c>declined</c>, <c>tentative</c> or <c>accepted</c>.</summary>
    [JsonProperty("responseStatus")]
    public virtual string? ResponseStatus { get; set; }

    /// <summary>Whether this attendee is the owner of the calendar the event was read from.</summary>
    [JsonProperty("self")]
    public virtual bool? Self { get; set; }

    [JsonProperty("organizer")]
    public virtual bool? Organizer { get; set; }

    [JsonProperty("resource")]
    public virtual bool? Resource { get; set; }
}
