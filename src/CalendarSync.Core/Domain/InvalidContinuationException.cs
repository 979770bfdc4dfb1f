namespace CalendarSync.Core.Domain;

/// <summary>
/// A listing was asked to continue from a continuation that the store did not hand out (forged, cut, or another store's).
/// Every store throws this one type, so that a caller can answer it as the caller's mistake.
/// </summary>
public sealed class InvalidContinuationException : Exception
{
    public InvalidContinuationException()
        : base("The continuation is not one this store handed out.")
    {
    }

    public InvalidContinuationException(string message)
        : base(message)
    {
    }

    public InvalidContinuationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
