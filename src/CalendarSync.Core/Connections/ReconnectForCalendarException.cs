namespace CalendarSync.Core.Connections;

/// <summary>
/// Google refused to create the write calendar asked for, as the staff member's grant does not allow creating calendars.
/// The wish is kept on the connection (<see cref="Domain.CalendarConnection.CreateWriteCalendar"/>), with the rest of the
/// choice; their next connect link asks for the scope, and connecting again creates the calendar.
/// </summary>
public sealed class ReconnectForCalendarException : Exception
{
    public ReconnectForCalendarException()
        : this("The staff member's grant does not allow creating a calendar; they connect their calendar again first.")
    {
    }

    public ReconnectForCalendarException(string message)
        : base(message)
    {
    }

    public ReconnectForCalendarException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
