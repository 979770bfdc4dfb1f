using System.Security.Cryptography;
using System.Text;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Connections;

/// <summary>
/// Makes and checks the OAuth <c>state</c> (<c>v1~{staffId}~{nonce}~{expiry}~{signature}</c>) and the connect link's
/// token (the same with <c>link1</c> in front, so neither passes for the other; the operator pages' session and form
/// tokens likewise with <c>op1</c> and <c>opact1</c>), signed with HMAC-SHA256
/// under the newest key and accepted under any configured key, so keys rotate by configuration (add the new key
/// first, drop the old one after the state lifetime). Signatures are compared in constant time. The signature binds
/// the state to its staff member and expiry; single use comes from <see cref="IPendingAuthorizationStore"/>.
/// </summary>
public sealed class OAuthStateSigner
{
    private const string ConsentVersion = "v1";
    private const string LinkVersion = "link1";
    private const string SessionVersion = "op1";
    private const string ActionVersion = "opact1";

    // URL-safe, and in neither a staff id (ItemId) nor base64url, so a state splits one way only.
    private const char Separator = '~';
    private readonly byte[][] _keys;

    /// <param name="keys">Signing keys, newest first; each at least 32 bytes of secret text.</param>
    public OAuthStateSigner(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => Encoding.UTF8.GetBytes(k.Trim())).ToArray();
        if (_keys.Length == 0 || _keys.Any(k => k.Length < 32))
        {
            throw new ArgumentException("OAuth state signing needs at least one key of 32 bytes or more.", nameof(keys));
        }
    }

    public string Sign(string staffId, string nonce, DateTimeOffset expiresAt, OAuthStatePurpose purpose = OAuthStatePurpose.Consent)
    {
        ItemId.Validate(staffId, "staff");
        if (!IsToken(nonce))
        {
            throw new ArgumentException("A nonce is URL-safe base64 text.", nameof(nonce));
        }

        var body = $"{VersionOf(purpose)}{Separator}{staffId}{Separator}{nonce}{Separator}{expiresAt.ToUnixTimeSeconds()}";
        return $"{body}{Separator}{Signature(_keys[0], body)}";
    }

    /// <summary>
    /// The staff member and nonce of a state (or link) we signed for <paramref name="purpose"/> that has not expired;
    /// otherwise <see cref="OAuthStateRejectedException"/>.
    /// </summary>
    public (string StaffId, string Nonce) Verify(string? state, DateTimeOffset now, OAuthStatePurpose purpose = OAuthStatePurpose.Consent)
    {
        var parts = state?.Split(Separator) ?? [];
        if (parts.Length != 5 || parts[0] != VersionOf(purpose) || !ItemId.IsValid(parts[1]) || !IsToken(parts[2])
            || !long.TryParse(parts[3], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var expiry))
        {
            throw new OAuthStateRejectedException();
        }

        var body = string.Join(Separator, parts[..4]);
        var given = Encoding.ASCII.GetBytes(parts[4]);
        var signedByUs = false;
        foreach (var key in _keys)
        {
            // Every key is tried, match or not, so timing does not tell which key (or whether any) matched.
            signedByUs |= CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(Signature(key, body)));
        }

        if (!signedByUs)
        {
            throw new OAuthStateRejectedException();
        }

        if (DateTimeOffset.FromUnixTimeSeconds(expiry) <= now)
        {
            throw new OAuthStateRejectedException(purpose == OAuthStatePurpose.ConnectLink
                ? "This connect link has expired. Ask the appointment system for a new one."
                : "The sign-in link has expired. Start connecting the calendar again.");
        }

        return (parts[1], parts[2]);
    }

    /// <summary>A fresh random nonce, URL-safe.</summary>
    public static string NewNonce() => Base64Url(RandomNumberGenerator.GetBytes(24));

    private static string VersionOf(OAuthStatePurpose purpose) => purpose switch
    {
        OAuthStatePurpose.ConnectLink => LinkVersion,
        OAuthStatePurpose.OperatorSession => SessionVersion,
        OAuthStatePurpose.OperatorAction => ActionVersion,
        _ => ConsentVersion,
    };

    private static string Signature(byte[] key, string body) => Base64Url(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(body)));

    private static bool IsToken(string value) =>
        value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
