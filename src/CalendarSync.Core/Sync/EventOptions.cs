using CalendarSync.Core.Calendar;

namespace CalendarSync.Core.Sync;

/// <summary>The <c>Events__*</c> settings: what the business lets reach its staff members' calendars.</summary>
public sealed class EventOptions
{
    public const string Section = "Events";

    /// <summary>Private by default: whoever sees the calendar's free/busy sees no details.</summary>
    public EventVisibility Visibility { get; set; } = EventVisibility.Private;

    /// <summary>
    /// After a change of these settings, at most this many events of one staff member are rewritten per run (1 to 500),
    /// runs that rewrite a minute apart at least, so that re-rendering stays inside Google's per-user quota (600 a minute).
    /// </summary>
    public int RerenderPerRun { get; set; } = 200;

    public EventKindOptions Appointment { get; set; } = new();

    public EventKindOptions Block { get; set; } = new();

    public EventKindOptions Exception { get; set; } = new();

    public EventKindOptions Closure { get; set; } = new();
}
