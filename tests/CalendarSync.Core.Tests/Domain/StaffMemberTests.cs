using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Tests.Domain;

public sealed class StaffMemberTests
{
    [Fact]
    public void Constructor_IanaZone_ResolvesIt() =>
        Assert.Equal("America/New_York", new StaffMember("s1", "Sam", "sam@example.com", "America/New_York").TimeZone.Id);

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("")]
    public void Constructor_NotAnIanaZone_ThrowsDomainValidation(string zone) =>
        Assert.Throws<DomainValidationException>(() => new StaffMember("s1", "Sam", "sam@example.com", zone));

    [Fact]
    public void Constructor_BadEmail_ThrowsDomainValidation() =>
        Assert.Throws<DomainValidationException>(() => new StaffMember("s1", "Sam", "sam", "Europe/Berlin"));

    [Fact]
    public void Constructor_StaffIdWithSlash_ThrowsDomainValidation() =>
        Assert.Throws<DomainValidationException>(() => new StaffMember("s/1", "Sam", "sam@example.com", "Europe/Berlin"));
}
