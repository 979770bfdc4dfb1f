using System.Security.Cryptography;
using System.Text;

namespace CalendarSync.Core.Data;

/// <summary>
/// A booked appointment and a staff member's Google event (the block the sync mirrored from it) over the same time:
/// the overlap in UTC, and which came last (<see cref="EventCameLast"/>: the staff member put something over a booking;
/// otherwise the appointment was booked over time the event already held).
/// </summary>
public sealed record BookingConflict(
    string StaffId, string AppointmentId, string GoogleEventId, DateTimeOffset Start, DateTimeOffset End, bool EventCameLast)
{
    /// <summary>
    /// Names the pair, not its times: a conflict whose sides move but still overlap is the same conflict. Sixteen hex
    /// digits of a hash, so a connection row can remember hundreds of them (<see cref="Runs.ConflictWatch"/>).
    /// </summary>
    public string Key { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{AppointmentId}\n{GoogleEventId}")))[..16];
}
