using System.Globalization;

namespace CalendarSync.Google.Calendar.Data;

/// <summary>
/// RFC 3339 times as Calendar v3 writes them, with any offset (<c>2026-03-29T10:00:00+02:00</c>,
/// <c>…Z</c>, with or without fractions). Google.Apis' own helper takes one fixed layout only.
/// </summary>
internal static class Rfc3339
{
    public static DateTimeOffset? Parse(string? raw) =>
        string.IsNullOrEmpty(raw)
            ? null
            : DateTimeOffset.Parse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal);

    public static string? Format(DateTimeOffset? value) =>
        value?.ToString(value.Value.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ssK" : "yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture);
}
