namespace CalendarSync.Core.Domain;

public sealed record Appointment : LocalItem
{
    public Appointment(
        string id,
        string staffId,
        Period period,
        string customerName,
        string title,
        string? notes = null,
        AppointmentStatus status = AppointmentStatus.Booked,
        long version = 1,
        DateTimeOffset lastModified = default,
        bool isDeleted = false)
        : base(ItemKind.Appointment, id, period, version, lastModified, isDeleted)
    {
        if (period.IsAllDay)
        {
            throw new DomainValidationException($"Appointment {id} needs a start and end time, not whole days.");
        }

        StaffId = ItemId.Validate(staffId, "staff");
        CustomerName = string.IsNullOrWhiteSpace(customerName)
            ? throw new DomainValidationException($"Appointment {id} needs a customer name.")
            : customerName;
        Title = title ?? string.Empty;
        Notes = notes;
        Status = Enum.IsDefined(status) ? status : throw new DomainValidationException($"Unknown appointment status {status}.");
    }

    public string StaffId { get; }

    public string CustomerName { get; }

    public string Title { get; }

    public string? Notes { get; }

    public AppointmentStatus Status { get; }
}
