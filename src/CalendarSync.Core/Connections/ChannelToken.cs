using System.Security.Cryptography;
using System.Text;

namespace CalendarSync.Core.Connections;

/// <summary>The secret a push channel carries: random, sent to Google once, stored only as its SHA-256 hash.</summary>
public static class ChannelToken
{
    /// <summary>Google takes channel tokens of up to 256 characters; longer headers are not ours.</summary>
    public const int MaxLength = 256;

    public static string Create() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string NewChannelId() => Guid.NewGuid().ToString("N");

    /// <summary>The shape of the channel ids we create (1 to 64 letters, digits, '-', '_'); anything else is not ours and never reaches a store.</summary>
    public static bool IsChannelId(string? channelId) =>
        !string.IsNullOrEmpty(channelId) && channelId.Length <= 64 && channelId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Compares hashes in constant time, so the answer's timing says nothing about the stored hash.</summary>
    public static bool Matches(string? token, string storedHash)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        byte[] stored;
        try
        {
            stored = Convert.FromHexString(storedHash);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(presented, stored);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
