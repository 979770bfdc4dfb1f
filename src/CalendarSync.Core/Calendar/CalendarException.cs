namespace CalendarSync.Core.Calendar;

/// <summary>A calendar failure classified for the sync; adapters map their provider's errors onto the subclasses.</summary>
public abstract class CalendarException : Exception
{
    protected CalendarException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
