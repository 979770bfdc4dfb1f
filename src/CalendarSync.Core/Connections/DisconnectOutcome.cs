namespace CalendarSync.Core.Connections;

/// <summary>How a disconnect ended.</summary>
public enum DisconnectOutcome
{
    /// <summary>The connection is disabled now (or was already).</summary>
    Disconnected,

    /// <summary>The staff member has no connection.</summary>
    NotFound,

    /// <summary>A sync of the staff member holds the lease; nothing was changed, and the caller may try again shortly.</summary>
    SyncRunning,
}
