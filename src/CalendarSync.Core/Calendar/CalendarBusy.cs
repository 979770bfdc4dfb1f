using CalendarSync.Core.Data;

namespace CalendarSync.Core.Calendar;

/// <summary>
/// Google's free/busy answer for one calendar: its busy periods in UTC, merged, oldest first; or, when <see cref="Error"/>
/// is set, the reason Google gave for not answering for it (<see cref="NotFound"/> for a calendar deleted or unshared,
/// <c>tooManyCalendarsRequested</c>, …).
/// </summary>
public sealed record CalendarBusy(IReadOnlyList<BusyPeriod> Busy, string? Error = null)
{
    /// <summary>Google's reason for a calendar the caller may no longer see.</summary>
    public const string NotFound = "notFound";

    public bool IsAnswered => Error is null;

    public static CalendarBusy Failed(string reason) => new([], reason);
}
