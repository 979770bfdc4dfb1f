using System.Collections.Concurrent;
using System.Globalization;

namespace CalendarSync.Emulator.Google;

/// <summary>RFC 3339 times and IANA zones as Google writes and reads them.</summary>
internal static class RfcTime
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Zones = new(StringComparer.Ordinal);

    /// <summary><c>created</c>/<c>updated</c>: UTC with milliseconds, as Google stamps them.</summary>
    public static string Stamp(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>An instant with the offset that <paramref name="zone"/> has at that instant, so DST is right.</summary>
    public static string InZone(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var offset = zone.GetUtcOffset(instant.UtcDateTime);
        if (offset == TimeSpan.Zero)
        {
            return instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        return instant.ToOffset(offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static TimeZoneInfo? FindZone(string? id) =>
        string.IsNullOrEmpty(id)
            ? null
            : Zones.GetOrAdd(id, static key => TimeZoneInfo.TryFindSystemTimeZoneById(key, out var zone) ? zone : null);

    /// <summary>Parses an RFC 3339 time that must carry an offset (query parameters such as timeMin).</summary>
    public static bool TryParseWithOffset(string? text, out DateTimeOffset instant)
    {
        instant = default;
        return !string.IsNullOrEmpty(text) && HasOffset(text) &&
               DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }

    public static bool HasOffset(string text)
    {
        var timePart = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        if (timePart < 0)
        {
            return false;
        }

        var time = text.AsSpan(timePart);
        return time.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || time.Contains('+') || time.Contains('-');
    }

    /// <summary>A wall-clock time in a zone; a time that falls into a DST gap moves forward, as calendars do.</summary>
    public static DateTimeOffset FromLocal(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
