using System.Security.Cryptography;
using System.Text;

namespace CalendarSync.Azure.Secrets;

/// <summary>
/// The Key Vault secret name of a staff member's refresh token: <c>refresh-token-</c> and the
/// lowercase hex SHA-256 of the staff id's UTF-8 bytes (78 characters).
/// </summary>
/// <remarks>
/// Key Vault allows 1–127 characters of <c>0-9a-zA-Z-</c> and compares names without regard to
/// case, so no escaping of the id fits every id: a 2,000-character id is too long for any
/// reversible encoding, and <c>Staff-A</c> and <c>staff-a</c> would collide in one that kept
/// letters. A hash takes any id to the same short, case-free alphabet, and SHA-256 makes two ids
/// sharing a name as unlikely as any secret we rely on. The prefix keeps these names apart from
/// the vault's other secrets (the Google client secret, the state signing keys).
/// </remarks>
public static class RefreshTokenSecretName
{
    public const string Prefix = "refresh-token-";

    // Strict UTF-8: a lone surrogate throws instead of becoming U+FFFD, which would give two
    // different ids one name.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string For(string staffId)
    {
        ArgumentException.ThrowIfNullOrEmpty(staffId);

        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(staffId);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("A staff id must be valid UTF-16 text; this one holds a lone surrogate.", nameof(staffId), ex);
        }

        return Prefix + Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
