namespace CalendarSync.Core.Domain;

/// <summary>A period in which a staff member is unavailable outside their usual hours (leave, training).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The appointment system's own word for it; it is not an Exception.")]
public sealed record AvailabilityException : LocalItem
{
    public AvailabilityException(
        string id,
        string staffId,
        Period period,
        string? reason = null,
        long version = 1,
        DateTimeOffset lastModified = default,
        bool isDeleted = false)
        : base(ItemKind.Exception, id, period, version, lastModified, isDeleted)
    {
        StaffId = ItemId.Validate(staffId, "staff");
        ItemRules.CheckPeriod(period);
        Reason = ItemRules.OptionalText("reason", reason, ItemRules.MaxLongText);
    }

    public override string StaffId { get; }

    public string? Reason { get; }
}
