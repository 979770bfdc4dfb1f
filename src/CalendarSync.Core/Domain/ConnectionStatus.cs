namespace CalendarSync.Core.Domain;

public enum ConnectionStatus
{
    Active,

    /// <summary>Google revoked the grant; the staff member has to connect again.</summary>
    ReauthRequired,
    Disabled,
    Error,

    /// <summary>An operator paused it (the original system's <c>sync_enabled</c> off): the grant stays, nothing syncs until resumed.</summary>
    Paused,
}
