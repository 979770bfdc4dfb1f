namespace CalendarSync.Core.Sync;

public enum ConflictResolution
{
    /// <summary>The event was put back as the appointment data says.</summary>
    EventRestored,

    /// <summary>The appointment took the time given in Google.</summary>
    GoogleTimeAccepted,

    /// <summary>
    /// The event under the item's id is not ours (no private key property; or deleted, and not shown to be ours): it
    /// was neither updated nor deleted, and the item is not in the calendar while that event holds its id.
    /// </summary>
    ForeignEventLeftAlone,

    /// <summary>Google refused to write the event (403 forbiddenForNonOrganizer); it was left as Google has it.</summary>
    GoogleRefusedWrite,
}
