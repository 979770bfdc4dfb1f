using CalendarSync.Core.Calendar;

namespace CalendarSync.Core.Sync;

/// <summary>What a run's quiet check found: whether a run would do nothing, and Google's page and free/busy if it asked them.</summary>
internal sealed record QuietCheck(bool IsQuiet, EventPage? FirstPage, IReadOnlyDictionary<string, CalendarBusy>? BusyAnswer = null)
{
    /// <summary>The connection as the staff member's calendar list has it, when the check read the list.</summary>
    public ListedCalendars? Listed { get; init; }
}
