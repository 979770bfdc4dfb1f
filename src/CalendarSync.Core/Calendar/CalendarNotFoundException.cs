namespace CalendarSync.Core.Calendar;

/// <summary>The calendar is gone for this staff member (404): deleted, or no longer shared with them.</summary>
public sealed class CalendarNotFoundException : CalendarException
{
    public CalendarNotFoundException()
        : this("The calendar is gone for this staff member (404): deleted, or no longer shared with them.")
    {
    }

    public CalendarNotFoundException(string message)
        : base(message, null)
    {
    }

    public CalendarNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
