namespace CalendarSync.Core.Sync;

/// <summary>Thrown inside a run when the next delete would cross the brake's share; the run turns it into its outcome.</summary>
internal sealed class MassDeleteBrakeException(string message) : Exception(message);
