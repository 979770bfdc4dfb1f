using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Tests.Connections;

public sealed class AccountAddressTests
{
    [Theory]
    [InlineData("jane.doe@example.com", "j***@e***.com")]
    [InlineData("a@b.co.uk", "a***@b***.uk")]
    [InlineData("x@localhost", "x***@l***")]
    [InlineData("not-an-address", "***")]
    [InlineData(null, "***")]
    public void Mask_ShowsTheFirstLettersAndTheLastLabelOnly(string? address, string masked) =>
        Assert.Equal(masked, AccountAddress.Mask(address));

    [Fact]
    public void Same_IgnoresCaseAndSurroundingSpace() =>
        Assert.True(AccountAddress.Same("Jane@Example.com ", "jane@example.com"));

    [Theory]
    [InlineData("")]
    [InlineData("jane")]
    [InlineData("jane@")]
    [InlineData("@example.com")]
    [InlineData("a@b@example.com")]
    [InlineData("jane doe@example.com")]
    [InlineData("jane@example")]
    [InlineData("jane@exa\u0007mple.com")]
    public void Validate_NotAnAddress_IsRefused(string address) =>
        Assert.Throws<DomainValidationException>(() => AccountAddress.Validate(address));
}
