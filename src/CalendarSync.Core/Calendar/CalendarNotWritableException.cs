namespace CalendarSync.Core.Calendar;

/// <summary>The grant does not allow writing to this calendar (403 forbidden or insufficientPermissions).</summary>
public class CalendarNotWritableException : CalendarException
{
    public CalendarNotWritableException()
        : this("The grant does not allow writing to this calendar (403 forbidden or insufficientPermissions).")
    {
    }

    public CalendarNotWritableException(string message)
        : base(message, null)
    {
    }

    public CalendarNotWritableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
