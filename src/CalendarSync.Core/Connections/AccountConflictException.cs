namespace CalendarSync.Core.Connections;

/// <summary>
/// A connect link was asked for another Google account than the one the staff member is connected to. Moving them to
/// another account is an operator's explicit action, never the side effect of a link.
/// </summary>
public sealed class AccountConflictException : Exception
{
    public AccountConflictException()
        : this("The staff member is connected to another Google account.")
    {
    }

    public AccountConflictException(string message)
        : base(message)
    {
    }

    public AccountConflictException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
