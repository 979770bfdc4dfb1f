namespace CalendarSync.Core.Calendar;

/// <summary>Who sees an event's details: Google's <c>visibility</c> as the sync writes it.</summary>
public enum EventVisibility
{
    /// <summary>Only the calendar's owner (and whoever they share the calendar with as a writer) sees the details; others see busy.</summary>
    Private,

    /// <summary>The calendar's own sharing setting decides.</summary>
    Default,
}
