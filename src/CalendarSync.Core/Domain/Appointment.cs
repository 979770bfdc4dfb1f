namespace CalendarSync.Core.Domain;

public sealed record Appointment : LocalItem
{
    /// <summary>An appointment; a missing <paramref name="title"/> is empty (the event's title is the customer's name).</summary>
    public Appointment(
        string id,
        string staffId,
        Period period,
        string customerName,
        string? title,
        string? notes = null,
        AppointmentStatus status = AppointmentStatus.Booked,
        long version = 1,
        DateTimeOffset lastModified = default,
        bool isDeleted = false)
        : base(ItemKind.Appointment, id, period, version, lastModified, isDeleted)
    {
        StaffId = ItemId.Validate(staffId, "staff");
        if (period.IsAllDay)
        {
            throw new DomainValidationException("startDate", "An appointment needs 'start' and 'end' times, not whole days.");
        }

        ItemRules.CheckPeriod(period);
        CustomerName = ItemRules.RequiredText("customerName", customerName, ItemRules.MaxShortText);
        Title = ItemRules.OptionalText("title", title, ItemRules.MaxShortText) ?? string.Empty;
        Notes = ItemRules.OptionalText("notes", notes, ItemRules.MaxLongText);
        Status = Enum.IsDefined(status) ? status : throw new DomainValidationException("status", $"Unknown appointment status {status}.");
    }

    public override string StaffId { get; }

    public string CustomerName { get; }

    public string Title { get; }

    public string? Notes { get; }

    public AppointmentStatus Status { get; }

    /// <summary>The appointment at another time (a staff member moved its event in Google), with the version and time the store gives it.</summary>
    public Appointment MovedTo(Period period, long version, DateTimeOffset lastModified) =>
        new(Id, StaffId, period, CustomerName, Title, Notes, Status, version, lastModified);
}
