namespace CalendarSync.Core.Sync;

/// <summary>
/// The <c>Events__{Kind}__*</c> settings of one item kind. A template is text with named placeholders in braces
/// (<c>{customerName}</c>; <c>{{</c> and <c>}}</c> for braces themselves); an absent one is the kind's default.
/// </summary>
public sealed class EventKindOptions
{
    public string? Summary { get; set; }

    public string? Description { get; set; }

    /// <summary>One of Google's event colours, <c>1</c> to <c>11</c>; empty for the calendar's own colour.</summary>
    public string? ColorId { get; set; }

    public EventReminderSetting Reminders { get; set; } = EventReminderSetting.Default;
}
