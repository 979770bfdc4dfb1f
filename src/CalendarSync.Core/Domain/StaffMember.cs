namespace CalendarSync.Core.Domain;

public sealed record StaffMember
{
    public StaffMember(string id, string name, string email, string timeZoneId)
    {
        Id = ItemId.Validate(id, "staff");
        Name = string.IsNullOrWhiteSpace(name) ? throw new DomainValidationException("A staff member needs a name.") : name;
        Email = email is { Length: > 2 } && email.Contains('@', StringComparison.Ordinal)
            ? email
            : throw new DomainValidationException($"'{email}' is not an email address.");
        TimeZone = StaffTimeZone.Find(timeZoneId);
        TimeZoneId = timeZoneId;
    }

    public string Id { get; }

    public string Name { get; }

    public string Email { get; }

    /// <summary>The IANA zone, for example <c>Europe/Berlin</c>.</summary>
    public string TimeZoneId { get; }

    public TimeZoneInfo TimeZone { get; }
}
