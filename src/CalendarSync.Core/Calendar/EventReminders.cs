namespace CalendarSync.Core.Calendar;

/// <summary>An event's reminders: the calendar's defaults, none, or reminders of its own (set in Google; the sync never writes those).</summary>
public enum EventReminders
{
    /// <summary>The calendar's default reminders (Google's <c>useDefault</c>).</summary>
    Default,

    None,

    Custom,
}
