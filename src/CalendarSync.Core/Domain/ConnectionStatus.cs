namespace CalendarSync.Core.Domain;

public enum ConnectionStatus
{
    Active,

    /// <summary>Google revoked the grant; the staff member has to connect again.</summary>
    ReauthRequired,
    Disabled,
    Error,
}
