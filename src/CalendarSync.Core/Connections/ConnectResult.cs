namespace CalendarSync.Core.Connections;

/// <summary>The three ways a consent ends without an error.</summary>
public enum ConnectResult
{
    Connected,

    /// <summary>The staff member did not grant access at Google.</summary>
    Declined,

    /// <summary>Access was granted by another Google account than the one expected; nothing changed.</summary>
    WrongAccount,
}
