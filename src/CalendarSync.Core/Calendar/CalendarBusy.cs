using CalendarSync.Core.Data;

namespace CalendarSync.Core.Calendar;

/// <summary>
/// One calendar's answer to a free/busy query: its busy periods (UTC, merged, oldest first), or, when
/// <see cref="Error"/> is set, the reason the calendar was not answered (Google's: <c>notFound</c>, <c>tooManyCalendarsRequested</c>, …).
/// </summary>
public sealed record CalendarBusy(IReadOnlyList<BusyPeriod> Busy, string? Error)
{
    public bool IsAnswered => Error is null;
}
