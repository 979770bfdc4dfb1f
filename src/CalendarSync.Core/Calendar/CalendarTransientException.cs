namespace CalendarSync.Core.Calendar;

/// <summary>Rate limits, 5xx and timeouts that outlived the client's own retries: try the whole run again later.</summary>
public sealed class CalendarTransientException : CalendarException
{
    public CalendarTransientException()
        : this("Rate limits, 5xx and timeouts that outlived the client's own retries: try the whole run again later.")
    {
    }

    public CalendarTransientException(string message)
        : base(message, null)
    {
    }

    public CalendarTransientException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
