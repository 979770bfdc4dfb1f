namespace CalendarSync.Core.Calendar;

/// <summary>
/// Google refused one write for a reason that belongs to that event (403 <c>forbiddenForNonOrganizer</c>): the event
/// stays as Google has it; the run goes on with the others.
/// </summary>
public sealed class CalendarWriteRefusedException : CalendarException
{
    public CalendarWriteRefusedException()
        : this("Google refused to write the event (403 forbiddenForNonOrganizer).")
    {
    }

    public CalendarWriteRefusedException(string message)
        : base(message, null)
    {
    }

    public CalendarWriteRefusedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
