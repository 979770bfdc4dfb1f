namespace CalendarSync.Core.Sync;

/// <summary>What happens when a staff member edits or deletes one of our events in Google.</summary>
public enum ConflictPolicy
{
    /// <summary>The appointment data wins: the event is restored as the data says.</summary>
    AppointmentDataWins,

    /// <summary>A new time given to an appointment's event moves the appointment; any other edit, and every delete, is reverted.</summary>
    AcceptGoogleTimeChanges,
}
