using CalendarSync.Core.Connections;

namespace CalendarSync.Core.Tests.Connections;

public sealed class OAuthStateSignerTests
{
    private const string KeyA = "key-a-0123456789-0123456789-0123456789";
    private const string KeyB = "key-b-0123456789-0123456789-0123456789";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Verify_StateWeSigned_ReturnsStaffAndNonce()
    {
        var signer = new OAuthStateSigner([KeyA]);
        var nonce = OAuthStateSigner.NewNonce();

        var state = signer.Sign("staff.1", nonce, Now.AddMinutes(10));

        Assert.Equal(("staff.1", nonce), signer.Verify(state, Now));
        Assert.Matches("^[A-Za-z0-9._~-]+$", state);
    }

    [Fact]
    public void Verify_ConnectLinkAsConsentStateOrTheOtherWay_IsRejected()
    {
        var signer = new OAuthStateSigner([KeyA]);
        var nonce = OAuthStateSigner.NewNonce();
        var link = signer.Sign("staff.1", nonce, Now.AddMinutes(10), OAuthStatePurpose.ConnectLink);
        var state = signer.Sign("staff.1", nonce, Now.AddMinutes(10));

        Assert.Equal(("staff.1", nonce), signer.Verify(link, Now, OAuthStatePurpose.ConnectLink));
        Assert.Throws<OAuthStateRejectedException>(() => signer.Verify(link, Now));
        Assert.Throws<OAuthStateRejectedException>(() => signer.Verify(state, Now, OAuthStatePurpose.ConnectLink));
        Assert.Throws<OAuthStateRejectedException>(() => signer.Verify("v1" + link[5..], Now));
    }

    [Fact]
    public void Verify_Expired_IsRejected()
    {
        var signer = new OAuthStateSigner([KeyA]);
        var state = signer.Sign("staff-1", OAuthStateSigner.NewNonce(), Now.AddMinutes(10));

        var failure = Assert.Throws<OAuthStateRejectedException>(() => signer.Verify(state, Now.AddMinutes(10)));
        Assert.Contains("expired", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SwappedStaffMember_IsRejected()
    {
        var signer = new OAuthStateSigner([KeyA]);
        var state = signer.Sign("staff-1", OAuthStateSigner.NewNonce(), Now.AddMinutes(10));

        Assert.Throws<OAuthStateRejectedException>(() => signer.Verify(state.Replace("~staff-1~", "~staff-2~", StringComparison.Ordinal), Now));
    }

    [Fact]
    public void Verify_ExtendedExpiry_IsRejected()
    {
        var signer = new OAuthStateSigner([KeyA]);
        var expiry = Now.AddMinutes(10).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var state = signer.Sign("staff-1", OAuthStateSigner.NewNonce(), Now.AddMinutes(10));

        var later = (Now.AddDays(30).ToUnixTimeSeconds()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Throws<OAuthStateRejectedException>(() => signer.Verify(state.Replace(expiry, later, StringComparison.Ordinal), Now));
    }

    [Fact]
    public void Verify_SignedWithUnknownKey_IsRejected()
    {
        var ours = new OAuthStateSigner([KeyA]);
        var forger = new OAuthStateSigner([KeyB]);

        var forged = forger.Sign("staff-1", OAuthStateSigner.NewNonce(), Now.AddMinutes(10));

        Assert.Throws<OAuthStateRejectedException>(() => ours.Verify(forged, Now));
    }

    [Fact]
    public void Verify_AfterRotation_OldKeyStillAcceptedAndNewKeySigns()
    {
        var before = new OAuthStateSigner([KeyA]);
        var during = new OAuthStateSigner([KeyB, KeyA]);
        var after = new OAuthStateSigner([KeyB]);
        var issuedBefore = before.Sign("staff-1", OAuthStateSigner.NewNonce(), Now.AddMinutes(10));
        var issuedDuring = during.Sign("staff-1", OAuthStateSigner.NewNonce(), Now.AddMinutes(10));

        Assert.Equal("staff-1", during.Verify(issuedBefore, Now).StaffId);
        Assert.Equal("staff-1", after.Verify(issuedDuring, Now).StaffId);
        Assert.Throws<OAuthStateRejectedException>(() => after.Verify(issuedBefore, Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1")]
    [InlineData("v1~staff-1~nonce~123")]
    [InlineData("v1~staff-1~nonce~123~sig~extra")]
    [InlineData("v2~staff-1~nonce~99999999999~sig")]
    [InlineData("v1~../x~nonce~99999999999~sig")]
    [InlineData("v1~staff-1~non ce~99999999999~sig")]
    [InlineData("v1~staff-1~nonce~-5~sig")]
    [InlineData("v1~staff-1~nonce~99999999999999999999999~sig")]
    [InlineData("v1~staff-1~nonce~99999999999~")]
    public void Verify_Malformed_IsRejectedNotThrownOtherwise(string? state)
    {
        var signer = new OAuthStateSigner([KeyA]);

        Assert.Throws<OAuthStateRejectedException>(() => signer.Verify(state, Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short-key")]
    public void Constructor_WeakOrNoKey_Throws(string key) =>
        Assert.Throws<ArgumentException>(() => new OAuthStateSigner([key]));
}
