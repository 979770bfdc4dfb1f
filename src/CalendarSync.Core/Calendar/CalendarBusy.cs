using CalendarSync.Core.Data;

namespace CalendarSync.Core.Calendar;

/// <summary>
/// Google's free/busy answer for one calendar: its busy periods in UTC, merged, oldest first; or, for a calendar Google
/// would not answer for, the reason it gave (<see cref="NotFound"/> for a calendar deleted, unshared or unsubscribed).
/// </summary>
public sealed record CalendarBusy(IReadOnlyList<BusyPeriod> Busy, string? Error = null)
{
    /// <summary>Google's reason for a calendar the caller may no longer see.</summary>
    public const string NotFound = "notFound";

    public static CalendarBusy Failed(string reason) => new([], reason);
}
