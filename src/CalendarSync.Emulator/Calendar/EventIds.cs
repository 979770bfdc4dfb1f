using System.Globalization;
using System.Security.Cryptography;

namespace CalendarSync.Emulator.Calendar;

/// <summary>Event ids as Google allows them: base32hex (a-v, 0-9), 5 to 1024 characters.</summary>
internal static class EventIds
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuv";

    public static bool IsValid(string id) =>
        id.Length is >= 5 and <= 1024 && id.All(c => c is (>= 'a' and <= 'v') or (>= '0' and <= '9'));

    public static string NewId() => RandomNumberGenerator.GetString(Alphabet, 26);

    /// <summary>Google's id of one instance of a series: the series id, '_', and the original start.</summary>
    public static string InstanceId(string seriesId, EventTime originalStart) =>
        originalStart.Date is { } date
            ? $"{seriesId}_{date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}"
            : $"{seriesId}_{originalStart.Instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";

    /// <summary>Splits an instance id into series id and original start; false for an id of no instance.</summary>
    public static bool TryParseInstanceId(string id, out string seriesId, out EventTime? originalStart)
    {
        seriesId = string.Empty;
        originalStart = null;
        var separator = id.LastIndexOf('_');
        if (separator <= 0)
        {
            return false;
        }

        seriesId = id[..separator];
        var suffix = id[(separator + 1)..];
        if (DateOnly.TryParseExact(suffix, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            originalStart = new EventTime(date, default, null);
            return true;
        }

        if (DateTime.TryParseExact(
                suffix,
                "yyyyMMdd'T'HHmmss'Z'",
                CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal,
                out var instant))
        {
            originalStart = new EventTime(null, new DateTimeOffset(instant, TimeSpan.Zero), null);
            return true;
        }

        return false;
    }
}
