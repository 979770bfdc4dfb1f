namespace CalendarSync.Core.Domain;

/// <summary>Resolves IANA time zone ids; Windows ids are refused because Google and our stored data speak IANA.</summary>
public static class StaffTimeZone
{
    public static TimeZoneInfo Find(string? ianaId)
    {
        if (string.IsNullOrWhiteSpace(ianaId)
            || !TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone)
            || !zone.HasIanaId)
        {
            throw new DomainValidationException("timeZone", $"'{PlainText.Excerpt(ianaId)}' is not a known IANA time zone (for example Europe/Berlin).");
        }

        return zone;
    }
}
