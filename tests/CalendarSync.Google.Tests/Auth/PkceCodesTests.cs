using CalendarSync.Google.Auth;

namespace CalendarSync.Google.Tests.Auth;

public sealed class PkceCodesTests
{
    [Fact]
    public void ChallengeFor_KnownVerifier_IsBase64UrlSha256()
    {
        // Computed independently: base64url(sha256(verifier)) without padding.
        Assert.Equal("2ZM_EvURwEG8Ow38HCbYAiY2v1wwheoH1GWUfAwJN1w", PkceCodes.ChallengeFor("calendarsync-pkce-verifier-0123456789-abcdefghijklmnopq"));
    }

    [Fact]
    public void Create_VerifierIsRfc7636ShapedAndUnique()
    {
        var first = PkceCodes.Create();
        var second = PkceCodes.Create();

        Assert.InRange(first.Verifier.Length, 43, 128);
        Assert.Matches("^[A-Za-z0-9._~-]+$", first.Verifier);
        Assert.NotEqual(first.Verifier, second.Verifier);
        Assert.Equal(PkceCodes.ChallengeFor(first.Verifier), first.Challenge);
    }
}
