namespace CalendarSync.Core.Calendar;

/// <summary>
/// Google refused the call because the staff member's grant lacks a scope it needs (403 insufficient authentication
/// scopes): they must connect their calendar again to grant what their choice needs. A kind of
/// <see cref="CalendarNotWritableException"/>, so every handling of a 403 still holds.
/// </summary>
public sealed class CalendarScopeMissingException : CalendarNotWritableException
{
    public const string Advice = "The staff member must connect their calendar again to grant what their choice of calendars needs.";

    public CalendarScopeMissingException()
        : this("Google refused the call: the grant lacks a scope it needs. " + Advice)
    {
    }

    public CalendarScopeMissingException(string message)
        : base(message, null)
    {
    }

    public CalendarScopeMissingException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
