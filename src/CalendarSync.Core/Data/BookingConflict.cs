namespace CalendarSync.Core.Data;

/// <summary>
/// A booked appointment and a staff member's Google event (the block the sync mirrored from it) over the same time:
/// the overlap in UTC, and which came last (<see cref="EventCameLast"/>: the staff member put something over a booking;
/// otherwise the appointment was booked over time the event already held).
/// </summary>
public sealed record BookingConflict(
    string StaffId, string AppointmentId, string GoogleEventId, DateTimeOffset Start, DateTimeOffset End, bool EventCameLast);
