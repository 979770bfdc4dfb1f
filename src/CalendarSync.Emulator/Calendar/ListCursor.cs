using System.Globalization;
using System.Text;

namespace CalendarSync.Emulator.Calendar;

/// <summary>
/// Sync tokens and page tokens. Both are opaque to clients; inside they name the calendar's incarnation,
/// the token generation and a change number, so a token from before a reset or an expiry fault is refused.
/// A page token also keeps the snapshot (change number of the first page), the sort key of the last item
/// returned and, for an incremental list, the sync token's change number, so paging is stable under writes.
/// </summary>
internal static class ListCursor
{
    public static string SyncToken(CalendarData calendar, int generation, long version) =>
        Encode($"s|{calendar.Incarnation}|{generation}|{version}");

    public static long? ReadSyncToken(string token, CalendarData calendar, int generation)
    {
        var parts = Decode(token)?.Split('|');
        return parts is ["s", var incarnation, var gen, var version]
               && incarnation == calendar.Incarnation
               && gen == generation.ToString(CultureInfo.InvariantCulture)
               && long.TryParse(version, CultureInfo.InvariantCulture, out var number)
               && number <= calendar.Version
            ? number
            : null;
    }

    /// <summary>A page token; <paramref name="afterEmpty"/> when the page carrying it was empty (a <c>shortPages</c> fault), so the next may not be.</summary>
    public static string PageToken(CalendarData calendar, long snapshot, long? sinceVersion, string lastKey, bool afterEmpty = false) =>
        Encode($"p|{calendar.Incarnation}|{snapshot}|{sinceVersion?.ToString(CultureInfo.InvariantCulture) ?? "-"}|{(afterEmpty ? "e" : "-")}|{lastKey}");

    public static bool TryReadPageToken(
        string token, CalendarData calendar, out long snapshot, out long? sinceVersion, out string lastKey, out bool afterEmpty)
    {
        snapshot = 0;
        sinceVersion = null;
        lastKey = string.Empty;
        afterEmpty = false;
        var parts = Decode(token)?.Split('|', 6);
        if (parts is not ["p", var incarnation, var snap, var since, var empty, var key] || incarnation != calendar.Incarnation ||
            !long.TryParse(snap, CultureInfo.InvariantCulture, out snapshot))
        {
            return false;
        }

        if (since != "-")
        {
            if (!long.TryParse(since, CultureInfo.InvariantCulture, out var sinceNumber))
            {
                return false;
            }

            sinceVersion = sinceNumber;
        }

        lastKey = key;
        afterEmpty = empty == "e";
        return true;
    }

    private static string Encode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Decode(string token)
    {
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? Encoding.UTF8.GetString(buffer, 0, written) : null;
    }
}
