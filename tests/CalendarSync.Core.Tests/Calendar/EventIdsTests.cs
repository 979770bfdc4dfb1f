using CalendarSync.Core.Calendar;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Tests.Calendar;

public sealed class EventIdsTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("A-very_long.id")]
    public void For_AnyKey_IsLowercaseBase32HexOf5To1024Characters(string id)
    {
        var eventId = EventIds.For(new ItemKey(ItemKind.Appointment, id));

        Assert.InRange(eventId.Length, 5, 1024);
        Assert.All(eventId, c => Assert.Contains(c, "0123456789abcdefghijklmnopqrstuv"));
    }

    [Fact]
    public void For_LongestKey_StaysWellWithinGooglesLimit() =>
        Assert.InRange(EventIds.For(new ItemKey(ItemKind.Appointment, new string('Z', ItemId.MaxLength))).Length, 5, 1024);

    [Fact]
    public void For_SameKey_IsTheSameId_AndKeysDifferingInCaseOrKindDiffer()
    {
        Assert.Equal(EventIds.For(new ItemKey(ItemKind.Block, "b1")), EventIds.For(new ItemKey(ItemKind.Block, "b1")));
        Assert.NotEqual(EventIds.For(new ItemKey(ItemKind.Block, "b1")), EventIds.For(new ItemKey(ItemKind.Block, "B1")));
        Assert.NotEqual(EventIds.For(new ItemKey(ItemKind.Block, "b1")), EventIds.For(new ItemKey(ItemKind.Exception, "b1")));
    }

    [Fact]
    public void Base32Hex_Rfc4648Vector_Matches() =>
        Assert.Equal("cpnmuog", EventIds.Base32Hex("foob"u8));

    [Fact]
    public void OwnKey_OurEvent_ReturnsItsKey()
    {
        var key = new ItemKey(ItemKind.Appointment, "a1");
        var ours = new CalendarEvent { Id = EventIds.For(key), PrivateProperties = new Dictionary<string, string> { [EventIds.KeyProperty] = key.ToString() } };

        Assert.Equal(key, EventIds.OwnKey(ours));
    }

    [Fact]
    public void OwnKey_CopyOfOurEventUnderAnotherId_IsNotOurs()
    {
        var key = new ItemKey(ItemKind.Appointment, "a1");
        var copy = new CalendarEvent { Id = "copy12345", PrivateProperties = new Dictionary<string, string> { [EventIds.KeyProperty] = key.ToString() } };

        Assert.Null(EventIds.OwnKey(copy));
    }

    [Fact]
    public void OwnKey_DeletedEventListedWithoutProperties_IsStillOurs()
    {
        var key = new ItemKey(ItemKind.Appointment, "a1");
        var tombstone = new CalendarEvent { Id = EventIds.For(key), Status = EventStatus.Cancelled };

        Assert.Equal(key, EventIds.OwnKey(tombstone));
    }

    [Fact]
    public void OwnKey_LiveEventWithOurIdButNotOurProperty_IsNotOurs()
    {
        var key = new ItemKey(ItemKind.Appointment, "a1");
        var chosenId = new CalendarEvent { Id = EventIds.For(key), Summary = "Team meeting" };

        Assert.Null(EventIds.OwnKey(chosenId));
    }

    [Fact]
    public void OwnKey_OurIdCarryingAnotherKey_IsNotOurs()
    {
        var key = new ItemKey(ItemKind.Appointment, "a1");
        var odd = new CalendarEvent
        {
            Id = EventIds.For(key),
            PrivateProperties = new Dictionary<string, string> { [EventIds.KeyProperty] = "appointment:a2" },
        };

        Assert.Null(EventIds.OwnKey(odd));
    }

    [Theory]
    [InlineData("abcdefgh")]
    [InlineData("cs")]
    [InlineData("csvvvvvvvv")]
    [InlineData("cs0000000")]
    [InlineData("csCPNMUOG")]
    public void TryDecode_IdWeDidNotMake_IsFalse(string eventId) =>
        Assert.False(EventIds.TryDecode(eventId, out _));

    [Theory]
    [InlineData("appointment:a1")]
    [InlineData("closure:2026-easter")]
    [InlineData("block:x_y-z.1")]
    public void TryDecode_OurId_RoundTripsTheKey(string key)
    {
        var itemKey = ItemKey.Parse(key);

        Assert.True(EventIds.TryDecode(EventIds.For(itemKey), out var decoded));
        Assert.Equal(itemKey, decoded);
    }
}
