namespace CalendarSync.Core.Connections;

/// <summary>A sync of the staff member held the lease for longer than a reconnect waits; nothing was changed.</summary>
public sealed class SyncRunningException : Exception
{
    public SyncRunningException()
        : this("A sync of your calendar is running. Start connecting the calendar again in a minute.")
    {
    }

    public SyncRunningException(string message)
        : base(message)
    {
    }

    public SyncRunningException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
