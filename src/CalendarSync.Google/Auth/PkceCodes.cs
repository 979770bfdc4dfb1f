using System.Security.Cryptography;
using System.Text;

namespace CalendarSync.Google.Auth;

/// <summary>A PKCE pair (RFC 7636, S256): the verifier stays with us, the challenge goes to Google.</summary>
public sealed record PkceCodes(string Verifier, string Challenge)
{
    public const string Method = "S256";

    public static PkceCodes Create()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return new PkceCodes(verifier, ChallengeFor(verifier));
    }

    public static string ChallengeFor(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
