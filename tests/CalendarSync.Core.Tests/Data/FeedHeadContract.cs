using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;

namespace CalendarSync.Core.Tests.Data;

/// <summary>
/// What every store of the appointment data must do with the change feed's head (<see cref="IAppointmentData.ReadFeedHeadAsync"/>),
/// run by each store's tests on the real thing: read apart from the watermark, it is after a watermark exactly when the
/// feed's next page has something for the staff member (their own changes and the business's closures, not another
/// staff member's nor a Google-origin block), and it refuses a watermark the store did not issue.
/// </summary>
public static class FeedHeadContract
{
    public static async Task AfterAWatermarkExactlyWhenTheNextPageHasSomethingAsync(
        IAppointmentData data, IAppointmentStore store, Func<int, Period> timed, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timed);
        Assert.False((await Head(data, token)).IsAfter(null));

        await store.SaveAsync(new Appointment("a1", "s1", timed(9), "Jane Doe", "Cut"), token);
        var head = await Head(data, token);
        var page = await data.GetChangesAsync("s1", null, 10, token);

        Assert.True(head.IsAfter(null));
        Assert.False(head.IsAfter(page.NextWatermark));

        // Neither another staff member's appointment nor a block the sync wrote from Google is a change for the feed.
        await store.SaveAsync(new Appointment("a2", "s2", timed(10), "John Roe", "Cut"), token);
        await data.WriteGoogleBlocksAsync("s1", [GoogleBlockWrite.Upsert("ev1", timed(12), "Lunch", 1)], token);
        Assert.False((await Head(data, token)).IsAfter(page.NextWatermark));

        // A business closure reaches every calendar.
        await store.SaveAsync(new BusinessClosure("c1", new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 27), "Holidays"), token);
        var closed = await Head(data, token);
        var next = await data.GetChangesAsync("s1", page.NextWatermark, 10, token);

        Assert.True(closed.IsAfter(page.NextWatermark));
        Assert.Equal(["c1"], next.Items.Select(item => item.Id));
        Assert.False(closed.IsAfter(next.NextWatermark));
        Assert.Throws<ArgumentException>(() => closed.IsAfter("not a watermark"));
    }

    private static Task<LocalFeedHead> Head(IAppointmentData data, CancellationToken token) =>
        data.ReadFeedHeadAsync("s1", sharedFeedMayLag: false, token);
}
