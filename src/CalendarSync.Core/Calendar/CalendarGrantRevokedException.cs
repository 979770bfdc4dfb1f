namespace CalendarSync.Core.Calendar;

/// <summary>The staff member's grant was revoked or expired (invalid_grant): they must connect again; retrying does not help.</summary>
public sealed class CalendarGrantRevokedException : CalendarException
{
    public CalendarGrantRevokedException()
        : this("The staff member's grant was revoked or expired (invalid_grant): they must connect again; retrying does not help.")
    {
    }

    public CalendarGrantRevokedException(string message)
        : base(message, null)
    {
    }

    public CalendarGrantRevokedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
