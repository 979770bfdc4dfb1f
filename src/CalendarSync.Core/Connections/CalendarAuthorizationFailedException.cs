namespace CalendarSync.Core.Connections;

/// <summary>The provider refused to complete a consent (a wrong, used or expired code); the staff member starts again.</summary>
public sealed class CalendarAuthorizationFailedException : Exception
{
    public CalendarAuthorizationFailedException()
        : this("Google did not accept the sign-in. Start connecting the calendar again.")
    {
    }

    public CalendarAuthorizationFailedException(string message)
        : base(message)
    {
    }

    public CalendarAuthorizationFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
