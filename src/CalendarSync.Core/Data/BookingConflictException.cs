namespace CalendarSync.Core.Data;

/// <summary>A guarded booking refused because the slot is not free; <see cref="Availability"/> names what is in the way.</summary>
public sealed class BookingConflictException(Availability availability)
    : Exception($"Staff member '{availability?.StaffId}' is not free from {availability?.Start:O} to {availability?.End:O}: {availability?.Conflicts.Count} conflicts.")
{
    public Availability Availability { get; } = availability ?? throw new ArgumentNullException(nameof(availability));
}
