namespace CalendarSync.Core.Domain;

public enum AppointmentStatus
{
    Booked,
    Cancelled,
}
