namespace CalendarSync.Core.Sync;

public enum ConflictResolution
{
    /// <summary>The event was put back as the appointment data says.</summary>
    EventRestored,

    /// <summary>The appointment took the time given in Google.</summary>
    GoogleTimeAccepted,
}
