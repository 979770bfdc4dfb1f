namespace CalendarSync.Core.Data;

/// <summary>How a booking is checked before it is stored (<c>?guard=</c> of the appointments PUT).</summary>
public enum BookingGuard
{
    /// <summary>Stored as given, unchecked.</summary>
    None,

    /// <summary>Stored only if the stored data and Google as it is now leave the slot free; Google unreachable refuses it.</summary>
    Live,

    /// <summary>Stored only if the stored data leaves the slot free (Google-origin blocks as the sync last wrote them).</summary>
    Local,
}
