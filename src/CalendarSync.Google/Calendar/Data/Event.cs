using Google.Apis.Requests;
using Newtonsoft.Json;

namespace CalendarSync.Google.Calendar.Data;

public class Event : IDirectResponseSchema
{
    [JsonProperty("kind")]
    public virtual string? Kind { get; set; }

    [JsonProperty("etag")]
    public virtual string? ETag { get; set; }

    /// <summary>Base32hex (<c>a-v</c>, <c>0-9</c>), 5–1024 characters; a client may choose it on insert.</summary>
    [JsonProperty("id")]
    public virtual string? Id { get; set; }

    /// <summary><c>confirmed</c>, <c>tentative</c> or <c>cancelled</c> (deleted, in incremental lists).</summary>
    [JsonProperty("status")]
    public virtual string? Status { get; set; }

    [JsonProperty("htmlLink")]
    public virtual string? HtmlLink { get; set; }

    [JsonProperty("created")]
    public virtual string? CreatedRaw { get; set; }

    [JsonProperty("updated")]
    public virtual string? UpdatedRaw { get; set; }

    [JsonIgnore]
    public virtual DateTimeOffset? UpdatedDateTimeOffset
    {
        get => Rfc3339.Parse(UpdatedRaw);
        set => UpdatedRaw = Rfc3339.Format(value);
    }

    [JsonProperty("summary")]
    public virtual string? Summary { get; set; }

    [JsonProperty("description")]
    public virtual string? Description { get; set; }

    [JsonProperty("location")]
    public virtual string? Location { get; set; }

    [JsonProperty("start")]
    public virtual EventDateTime? Start { get; set; }

    [JsonProperty("end")]
    public virtual EventDateTime? End { get; set; }

    /// <summary>RRULE, EXRULE, RDATE and EXDATE lines of a recurring event.</summary>
    [JsonProperty("recurrence")]
    public virtual IList<string>? Recurrence { get; set; }

    /// <summary>For an instance of a recurring event, the id of the recurring event.</summary>
    [JsonProperty("recurringEventId")]
    public virtual string? RecurringEventId { get; set; }

    /// <summary>For an instance of a recurring event, the start it would have had by the recurrence rule.</summary>
    [JsonProperty("originalStartTime")]
    public virtual EventDateTime? OriginalStartTime { get; set; }

    /// <summary><c>opaque</c> (blocks time, the default) or <c>transparent</c> (shows as free).</summary>
    [JsonProperty("transparency")]
    public virtual string? Transparency { get; set; }

    /// <summary><c>default</c>, <c>public</c>, <c>private</c> or <c>confidential</c>; Google leaves out <c>default</c>.</summary>
    [JsonProperty("visibility")]
    public virtual string? Visibility { get; set; }

    /// <summary>One of the event colours, <c>1</c> to <c>11</c>; absent for the calendar's colour.</summary>
    [JsonProperty("colorId")]
    public virtual string? ColorId { get; set; }

    [JsonProperty("reminders")]
    public virtual RemindersData? Reminders { get; set; }

    [JsonProperty("iCalUID")]
    public virtual string? ICalUID { get; set; }

    [JsonProperty("sequence")]
    public virtual int? Sequence { get; set; }

    [JsonProperty("attendees")]
    public virtual IList<EventAttendee>? Attendees { get; set; }

    /// <summary><c>default</c>, <c>outOfOffice</c>, <c>focusTime</c>, <c>workingLocation</c>, …</summary>
    [JsonProperty("eventType")]
    public virtual string? EventType { get; set; }

    [JsonProperty("extendedProperties")]
    public virtual ExtendedPropertiesData? ExtendedProperties { get; set; }

    public class RemindersData
    {
        /// <summary>The reminders of the event's own, when <see cref="UseDefault"/> is false.</summary>
        [JsonProperty("overrides")]
        public virtual IList<EventReminder>? Overrides { get; set; }

        /// <summary>Whether the calendar's default reminders apply.</summary>
        [JsonProperty("useDefault")]
        public virtual bool? UseDefault { get; set; }
    }

    public class ExtendedPropertiesData
    {
        /// <summary>Properties private to the copy of the event on this calendar.</summary>
        [JsonProperty("private")]
        public virtual IDictionary<string, string>? Private__ { get; set; }

        /// <summary>Properties shared between copies of the event on other attendees' calendars.</summary>
        [JsonProperty("shared")]
        public virtual IDictionary<string, string>? Shared { get; set; }
    }
}
