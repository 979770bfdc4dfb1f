using System.Text;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Calendar;

/// <summary>
/// Our events' ids and markers. The id is <c>cs</c> plus the base32hex of the key's UTF-8 bytes: Google allows
/// client-chosen ids of lowercase base32hex (a-v, 0-9), 5 to 1024 characters, and a key of at most 140 bytes encodes
/// to at most 226, so we can encode the key itself rather than hash it: the mapping is one-to-one (no collision is
/// possible) and an id read in a log names its item.
/// </summary>
public static class EventIds
{
    public const string KeyProperty = "calendarsync.key";
    public const string VersionProperty = "calendarsync.version";
    private const string Prefix = "cs";
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuv";

    public static string For(ItemKey key) => Prefix + Base32Hex(Encoding.UTF8.GetBytes(key.ToString()));

    /// <summary>
    /// The key of one of our events. A live event is ours only if it carries our private key property, naming the key
    /// its id encodes: an id of our form proves nothing by itself, since whoever can put an event into the calendar
    /// chooses its id (another app; the organiser of an invitation, whose id the invitation keeps). A copy a staff
    /// member makes of our event (new id, same properties) is theirs too. Google lists a deleted event with its id and
    /// status only, no properties, so a cancelled one is judged by its id (a property it carries must still agree); the
    /// sync writes over a deleted event only where it can show the event was ours (StaffSync.Conflicts).
    /// </summary>
    public static ItemKey? OwnKey(CalendarEvent calendarEvent)
    {
        ArgumentNullException.ThrowIfNull(calendarEvent);
        if (!TryDecode(calendarEvent.Id, out var key))
        {
            return null;
        }

        var carried = calendarEvent.PrivateProperties.GetValueOrDefault(KeyProperty);
        return carried == key.ToString() || (carried is null && calendarEvent.Status == EventStatus.Cancelled) ? key : null;
    }

    /// <summary>The item key an id of ours encodes; false for any id we did not make.</summary>
    public static bool TryDecode(string? eventId, out ItemKey key)
    {
        key = default!;
        if (eventId is null || !eventId.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var bytes = new List<byte>((eventId.Length - Prefix.Length) * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in eventId.AsSpan(Prefix.Length))
        {
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                return false;
            }

            buffer = ((buffer << 5) | value) & 0xFFFF;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
            }
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString([.. bytes]);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        // Only the one id we would make for that key: no stray padding bits, no second spelling.
        return ItemKey.TryParse(text, out key) && For(key) == eventId;
    }

    /// <summary>Lowercase base32hex (RFC 4648, section 7) without padding.</summary>
    public static string Base32Hex(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder((bytes.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                text.Append(Alphabet[(buffer >> bits) & 31]);
            }
        }

        if (bits > 0)
        {
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }
}
