using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Tests.Domain;

public sealed class ItemKeyTests
{
    [Fact]
    public void ToString_Appointment_IsKindColonId() =>
        Assert.Equal("appointment:a-17", new ItemKey(ItemKind.Appointment, "a-17").ToString());

    [Theory]
    [InlineData("appointment:a1")]
    [InlineData("block:g-staff1_20261030")]
    [InlineData("exception:x.9")]
    [InlineData("closure:christmas")]
    public void Parse_WrittenKey_RoundTrips(string text) => Assert.Equal(text, ItemKey.Parse(text).ToString());

    [Theory]
    [InlineData("")]
    [InlineData("../x")]
    [InlineData("a#b")]
    [InlineData("a/b")]
    [InlineData("it's")]
    [InlineData("%27")]
    [InlineData("tab\there")]
    public void Constructor_IdOutsideTheRule_ThrowsDomainValidation(string id) =>
        Assert.Throws<DomainValidationException>(() => new ItemKey(ItemKind.Block, id));

    [Fact]
    public void Constructor_IdOf129Characters_ThrowsDomainValidation() =>
        Assert.Throws<DomainValidationException>(() => new ItemKey(ItemKind.Block, new string('a', 129)));

    [Theory]
    [InlineData("meeting:a1")]
    [InlineData("appointment")]
    [InlineData("appointment:")]
    public void TryParse_NotAKey_ReturnsFalse(string text) => Assert.False(ItemKey.TryParse(text, out _));
}
