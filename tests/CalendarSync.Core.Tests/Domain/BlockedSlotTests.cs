using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Tests.Domain;

public sealed class BlockedSlotTests
{
    private static readonly Period Hour = Period.Timed(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Constructor_LocalBlockWithGooglePrefix_ThrowsDomainValidation() =>
        Assert.Throws<DomainValidationException>(() => new BlockedSlot("g-lunch", "s1", Hour, BlockOrigin.Local));

    [Fact]
    public void Constructor_GoogleBlockWithoutItsEventId_ThrowsDomainValidation() =>
        Assert.Throws<DomainValidationException>(() => new BlockedSlot("g-abc", "s1", Hour, BlockOrigin.Google));

    [Fact]
    public void IdForGoogleEvent_ShortEventId_IsPrefixPlusTheId() =>
        Assert.Equal("g-abc_20261030T080000Z", BlockedSlot.IdForGoogleEvent("abc_20261030T080000Z"));

    [Fact]
    public void IdForGoogleEvent_EventIdBeyondOurIdRule_IsAValidHash()
    {
        var id = BlockedSlot.IdForGoogleEvent(new string('v', 1024));

        Assert.True(ItemId.IsValid(id));
        Assert.StartsWith("g-h", id, StringComparison.Ordinal);
        Assert.NotEqual(id, BlockedSlot.IdForGoogleEvent(new string('v', 1023)));
    }
}
