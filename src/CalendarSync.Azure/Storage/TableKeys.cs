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
