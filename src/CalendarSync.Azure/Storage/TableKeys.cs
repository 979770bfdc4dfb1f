using System.Security.Cryptography;
using System.Text;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;

namespace CalendarSync.Azure.Storage;

/// <summary>
/// Every table key we build from an id goes through here. Staff and item ids are validated by Core's id rule (letters,
/// digits, '-', '_', '.'), so a key never carries '/', '\', '#', '?', a quote or a control character, and never raw input.
/// </summary>
internal static class TableKeys
{
    /// <summary>Connections spread over this many partitions, so the sweep's listing is not one partition's throughput.</summary>
    public const int ConnectionBuckets = 16;

    public static string Staff(string staffId) => ItemId.Validate(staffId, "staff");

    /// <summary>
    /// A staff member's control row in their sync state partition: a row key of its own, so that a point read of it is one
    /// key's lookup on Azurite too, which finds a point read by its row key first (a row key every partition shares is a
    /// scan of all of them there).
    /// </summary>
    public static string ControlRow(string staffId) => "state|" + Staff(staffId);

    /// <summary>The control row's key before <see cref="ControlRow"/>, the same in every partition; moved on first read.</summary>
    public const string LegacyControlRow = "state";

    /// <summary>
    /// A change feed's counter in its <c>AppointmentData</c> partition (<c>s:{staffId}</c> or <c>business</c>, both built from
    /// vetted ids): a row key of its own, for the reason <see cref="ControlRow"/> has one.
    /// </summary>
    public static string FeedCounterRow(string partition) => "feed|" + partition;

    /// <summary>The feed counter's key before <see cref="FeedCounterRow"/>, the same in every partition; moved when found.</summary>
    public const string LegacyFeedCounterRow = "feed";

    /// <summary>One hex digit of the id's SHA-256: stable, even, and unrelated to how ids are chosen.</summary>
    public static string ConnectionBucket(string staffId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Staff(staffId))))[..1];

    /// <summary>Nonces we issue are base64url; anything else (a forged link's or state's) is refused before it reaches a key.</summary>
    public static string Nonce(string nonce) =>
        nonce.Length is > 0 and <= 128 && nonce.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? nonce
            : throw new OAuthStateRejectedException();

    /// <summary>A nonce's first character: random, so pending consents spread over 64 partitions.</summary>
    public static string NoncePartition(string nonce) => Nonce(nonce)[..1];

    /// <summary>Google channel ids we create: 1 to 64 of letters, digits, '-' and '_' (Google allows a superset).</summary>
    public static string Channel(string channelId) =>
        !string.IsNullOrEmpty(channelId) && channelId.Length <= 64 && channelId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? channelId
            : throw new DomainValidationException("The channel id is not valid: use 1 to 64 letters, digits, '-' or '_'.");
}
