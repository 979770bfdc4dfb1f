namespace CalendarSync.Core.Sync;

/// <summary>The run's lease expired and someone else took it: the run writes nothing more and stops.</summary>
public sealed class LeaseLostException(string staffId)
    : Exception($"The sync of staff member {staffId} lost its lease to another run; it stopped before writing more.");
