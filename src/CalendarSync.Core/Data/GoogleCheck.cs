namespace CalendarSync.Core.Data;

/// <summary>Whether an availability check asked Google as it is now.</summary>
public enum GoogleCheck
{
    /// <summary>Google answered: its events are in the answer as they are now, not as the sync last saw them.</summary>
    Checked,

    /// <summary>The caller asked for the stored data only (<c>guard=local</c>): Google-origin blocks stand for Google.</summary>
    NotAsked,

    /// <summary>The staff member has no calendar connected (never, or disconnected): the stored data is all there is.</summary>
    NotConnected,
}
