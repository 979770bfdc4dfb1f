namespace CalendarSync.Core.Connections;

public enum PushNotificationOutcome
{
    /// <summary>A sync for the channel's staff member was queued.</summary>
    Queued,

    /// <summary>A push sync for the staff member is queued and has not started: it will see this change too.</summary>
    AlreadyQueued,

    /// <summary>The channel's first message (<c>sync</c>): nothing changed yet.</summary>
    Handshake,

    /// <summary>A genuine channel of a connection that is not synced (disabled or waiting to reconnect).</summary>
    Ignored,

    /// <summary>Headers missing or not in the shape Google sends.</summary>
    Malformed,

    /// <summary>No channel of ours has this id, or the token or resource does not match it.</summary>
    Rejected,
}
