using CalendarSync.Core.Calendar;

namespace CalendarSync.Core.Sync;

/// <summary>The <c>Events__*</c> settings: what the business lets reach its staff members' calendars.</summary>
public sealed class EventOptions
{
    public const string Section = "Events";

    /// <summary>Private by default: whoever sees the calendar's free/busy sees no details.</summary>
    public EventVisibility Visibility { get; set; } = EventVisibility.Private;

    /// <summary>
    /// After a change of these settings, at most this many events of one staff member are rewritten per run, so that
    /// the re-rendering stays far inside Google's per-user quota (a run every five minutes).
    /// </summary>
    public int RerenderPerRun { get; set; } = 200;

    public EventKindOptions Appointment { get; set; } = new();

    public EventKindOptions Block { get; set; } = new();

    public EventKindOptions Exception { get; set; } = new();

    public EventKindOptions Closure { get; set; } = new();
}
