namespace CalendarSync.Core.Runs;

/// <summary>A queue message that is not a sync request we understand (bad JSON, a missing field, an unknown version): retrying cannot help.</summary>
public sealed class MalformedSyncRequestException : Exception
{
    public MalformedSyncRequestException()
    {
    }

    public MalformedSyncRequestException(string message)
        : base(message)
    {
    }

    public MalformedSyncRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
