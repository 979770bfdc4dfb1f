namespace CalendarSync.Core.Sync;

/// <summary>Which reminders the sync gives the events of an item kind.</summary>
public enum EventReminderSetting
{
    /// <summary>The staff member's calendar's default reminders, as for an event they make themselves.</summary>
    Default,

    /// <summary>No reminder (the appointment system reminds staff members its own way, if at all).</summary>
    None,
}
