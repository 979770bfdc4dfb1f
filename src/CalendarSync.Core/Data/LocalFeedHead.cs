namespace CalendarSync.Core.Data;

/// <summary>
/// Where a staff member's change feed stands (<see cref="IAppointmentData.ReadFeedHeadAsync"/>), read apart from the
/// watermark it is compared with, so that a run reads it in the same round trip as its control row.
/// </summary>
public abstract class LocalFeedHead
{
    /// <summary>
    /// Whether <see cref="IAppointmentData.GetChangesAsync"/> has anything after <paramref name="watermark"/> as of this
    /// head. It may answer true when the feed's page would be empty, never false when it would not.
    /// <see cref="ArgumentException"/> for a watermark this store did not issue.
    /// </summary>
    public abstract bool IsAfter(string? watermark);
}
