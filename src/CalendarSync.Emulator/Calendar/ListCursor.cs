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

    public static long? ReadSyncToken(string token, CalendarData calendar, int generation) =>
        ReadSyncToken(token, "s", calendar.Incarnation, generation, calendar.Version);

    /// <summary>A calendar list's sync token: as an event list's, on the user's list.</summary>
    public static string SyncToken(CalendarList list, int generation, long version) =>
        Encode($"l|{list.Incarnation}|{generation}|{version}");

    public static long? ReadSyncToken(string token, CalendarList list, int generation) =>
        ReadSyncToken(token, "l", list.Incarnation, generation, list.Version);

    /// <summary>A calendar list's page token: the snapshot, the sync token's change number, the last entry's place.</summary>
    public static string PageToken(CalendarList list, long snapshot, long? sinceVersion, long lastOrdinal) =>
        Encode($"q|{list.Incarnation}|{snapshot}|{sinceVersion?.ToString(CultureInfo.InvariantCulture) ?? "-"}|{lastOrdinal}");

    public static bool TryReadPageToken(string token, CalendarList list, out long snapshot, out long? sinceVersion, out long lastOrdinal)
    {
        (snapshot, sinceVersion, lastOrdinal) = (0, null, 0);
        if (Decode(token)?.Split('|') is not ["q", var incarnation, var snap, var since, var last] || incarnation != list.Incarnation ||
            !long.TryParse(snap, CultureInfo.InvariantCulture, out snapshot) || !long.TryParse(last, CultureInfo.InvariantCulture, out lastOrdinal))
        {
            return false;
        }

        if (since == "-")
        {
            return true;
        }

        if (!long.TryParse(since, CultureInfo.InvariantCulture, out var sinceNumber))
        {
            return false;
        }

        sinceVersion = sinceNumber;
        return true;
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

    private static long? ReadSyncToken(string token, string kind, string incarnation, int generation, long latest)
    {
        var parts = Decode(token)?.Split('|');
        return parts is [var tag, var given, var gen, var version]
               && tag == kind
               && given == incarnation
               && gen == generation.ToString(CultureInfo.InvariantCulture)
               && long.TryParse(version, CultureInfo.InvariantCulture, out var number)
               && number <= latest
            ? number
            : null;
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
