namespace CalendarSync.Core.Calendar;

/// <summary>The calendar refused this request as invalid (400): sending it again unchanged will not help.</summary>
public sealed class CalendarRequestRejectedException : CalendarException
{
    public CalendarRequestRejectedException()
        : this("The calendar refused the request as invalid (400); sending it again unchanged will not help.")
    {
    }

    public CalendarRequestRejectedException(string message)
        : base(message, null)
    {
    }

    public CalendarRequestRejectedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
