namespace CalendarSync.Core.Connections;

/// <summary>A connection was saved with a version that is no longer current (someone else wrote it meanwhile): read it again and retry.</summary>
public sealed class ConnectionChangedException : Exception
{
    public ConnectionChangedException()
    {
    }

    public ConnectionChangedException(string message)
        : base(message)
    {
    }

    public ConnectionChangedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
