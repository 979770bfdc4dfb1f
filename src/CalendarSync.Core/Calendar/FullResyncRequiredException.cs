namespace CalendarSync.Core.Calendar;

/// <summary>The sync token is no longer valid (410 Gone): list the whole window again.</summary>
public sealed class FullResyncRequiredException : CalendarException
{
    public FullResyncRequiredException()
        : this("The sync token is no longer valid (410 Gone): list the whole window again.")
    {
    }

    public FullResyncRequiredException(string message)
        : base(message, null)
    {
    }

    public FullResyncRequiredException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
