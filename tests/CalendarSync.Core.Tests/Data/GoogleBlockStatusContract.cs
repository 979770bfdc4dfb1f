using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;

namespace CalendarSync.Core.Tests.Data;

/// <summary>
/// What every store of the appointment data must do with the sync statuses stored with Google-origin blocks, run by each
/// store's tests on the real thing: read for a page's keys, listed in key order without other calendars' blocks, stamped,
/// and gone with their block. The store is given with an hour's period on its test day.
/// </summary>
public static class GoogleBlockStatusContract
{
    public static async Task StoredReadListedStampedAndGoneWithTheBlockAsync(
        IAppointmentData data, IAppointmentStore store, Func<int, Period> timed, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timed);
        var other = BlockedSlot.OtherCalendarEventId("family@group.calendar.google.com", "ev9");
        await data.WriteGoogleBlocksAsync("s1",
        [
            GoogleBlockWrite.Upsert("ev2", timed(12), "Lunch", 1) with { Status = Status("ev2", "\"e2\"", 3) },
            GoogleBlockWrite.Upsert("ev1", timed(13), "Gym", 2) with { Status = Status("ev1", "\"e1\"", 3, version: 2) },
            GoogleBlockWrite.Upsert("ev3", timed(14), "Old", 1),
            GoogleBlockWrite.Upsert(other, timed(15), "Family", 1),
        ], token);
        await store.SaveAsync(new BlockedSlot("b1", "s1", timed(9), BlockOrigin.Local), token);

        var read = await data.GetGoogleBlockStatusesAsync("s1", [Key("ev1"), Key("ev2"), Key("ev3"), Key("missing"), new ItemKey(ItemKind.Block, "b1")], token);
        var first = await data.ListGoogleBlockStatusesAsync("s1", null, 2, token);
        var second = await data.ListGoogleBlockStatusesAsync("s1", first.Continuation, 2, token);

        Assert.Equal(Status("ev1", "\"e1\"", 3, version: 2), read[Key("ev1")]);
        Assert.Equal(Status("ev2", "\"e2\"", 3), read[Key("ev2")]);
        Assert.Equal((null, 0L, 1L), (read[Key("ev3")].ETag, read[Key("ev3")].Epoch, read[Key("ev3")].LocalVersion));
        Assert.Equal(3, read.Count);
        Assert.Equal(["block:g-ev1", "block:g-ev2"], first.Items.Select(s => s.Key.ToString()));
        Assert.Equal(["block:g-ev3"], second.Items.Select(s => s.Key.ToString()));
        Assert.Null(second.Continuation);

        await data.StampGoogleBlocksAsync("s1", 4, ["ev1", "gone"], token);
        await data.WriteGoogleBlocksAsync("s1", [GoogleBlockWrite.Delete("ev2")], token);

        var after = await data.GetGoogleBlockStatusesAsync("s1", [Key("ev1"), Key("ev2")], token);
        Assert.Equal(Status("ev1", "\"e1\"", 4, version: 2), Assert.Single(after).Value);
        Assert.Equal("Gym", Assert.IsType<BlockedSlot>(await data.GetItemAsync("s1", Key("ev1"), token)).Summary);
        await Assert.ThrowsAsync<InvalidContinuationException>(() => data.ListGoogleBlockStatusesAsync("s1", "appointment:a1", 2, token));
    }

    private static ItemKey Key(string eventId) => BlockedSlot.KeyForGoogleEvent(eventId);

    private static ItemSyncStatus Status(string eventId, string etag, long epoch, long version = 1) =>
        new(BlockedSlot.KeyForGoogleEvent(eventId), version, eventId, etag, new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero), epoch);
}
