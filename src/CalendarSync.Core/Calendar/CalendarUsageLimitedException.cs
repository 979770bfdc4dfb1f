namespace CalendarSync.Core.Calendar;

/// <summary>
/// Google's usage limits for this calendar are exceeded (403 <c>quotaExceeded</c>, "Calendar usage limits exceeded"):
/// Google keeps the calendar read-only for hours, so trying again soon only prolongs it.
/// </summary>
public sealed class CalendarUsageLimitedException : CalendarException
{
    public CalendarUsageLimitedException()
        : this("Google's usage limits for this calendar are exceeded (403 quotaExceeded).")
    {
    }

    public CalendarUsageLimitedException(string message)
        : base(message, null)
    {
    }

    public CalendarUsageLimitedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
