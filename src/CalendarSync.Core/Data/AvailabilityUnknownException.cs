namespace CalendarSync.Core.Data;

/// <summary>
/// An availability check that could not be answered: Google did not answer (or may not be asked: a revoked grant), or
/// another booking of the staff member held the booking lock too long. Nothing was stored; the caller may try again.
/// </summary>
public sealed class AvailabilityUnknownException : Exception
{
    public AvailabilityUnknownException()
    {
    }

    public AvailabilityUnknownException(string message)
        : base(message)
    {
    }

    public AvailabilityUnknownException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
