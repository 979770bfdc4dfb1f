using CalendarSync.Core.Runs;

namespace CalendarSync.Core.Tests.Runs;

/// <summary>
/// What every <see cref="IWaitingPushSyncStore"/> must do, run against the fake here and against the Table store on Azurite
/// (<c>CalendarSync.Azure.Tests</c> links this file): the notification service's "exactly one queues" rests on it.
/// </summary>
public abstract class WaitingPushSyncStoreContract
{
    private static readonly DateTimeOffset Expiry = new(2026, 11, 24, 9, 5, 30, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    protected abstract IWaitingPushSyncStore CreateStore();

    [Fact]
    public async Task TryMarkAsync_NoMark_WritesOneThatFindReturns()
    {
        var store = CreateStore();

        Assert.Null(await store.FindAsync("s1", Cancel));
        var mark = await store.TryMarkAsync("s1", Expiry, replacing: null, Cancel);

        Assert.NotNull(mark);
        Assert.Equal(("s1", Expiry), (mark.StaffId, mark.ExpiresAt));
        Assert.Equal(mark, await store.FindAsync("s1", Cancel));
        Assert.Null(await store.FindAsync("s2", Cancel));
    }

    [Fact]
    public async Task TryMarkAsync_ReadNoMarkButOneIsThere_ConflictsAndLeavesIt()
    {
        var store = CreateStore();
        var first = await store.TryMarkAsync("s1", Expiry, replacing: null, Cancel);

        Assert.Null(await store.TryMarkAsync("s1", Expiry.AddHours(1), replacing: null, Cancel));
        Assert.Equal(first, await store.FindAsync("s1", Cancel));
    }

    [Fact]
    public async Task TryMarkAsync_ReplacingTheMarkAsRead_Succeeds_ThenTheOldReadConflicts()
    {
        var store = CreateStore();
        var read = await store.TryMarkAsync("s1", Expiry, replacing: null, Cancel);

        var replaced = await store.TryMarkAsync("s1", Expiry.AddMinutes(10), read, Cancel);
        var stale = await store.TryMarkAsync("s1", Expiry.AddMinutes(20), read, Cancel);

        Assert.NotNull(replaced);
        Assert.NotEqual(read!.Version, replaced.Version);
        Assert.Null(stale);
        Assert.Equal(Expiry.AddMinutes(10), (await store.FindAsync("s1", Cancel))!.ExpiresAt);
    }

    [Fact]
    public async Task TryMarkAsync_ReplacingAMarkClearedMeanwhile_Conflicts()
    {
        var store = CreateStore();
        var read = await store.TryMarkAsync("s1", Expiry, replacing: null, Cancel);
        await store.ClearAsync("s1", Cancel);

        Assert.Null(await store.TryMarkAsync("s1", Expiry.AddMinutes(10), read, Cancel));
        Assert.Null(await store.FindAsync("s1", Cancel));
    }

    [Fact]
    public async Task ClearAsync_MarkOrNone_LeavesNoneAndAnotherStaffMembersMark()
    {
        var store = CreateStore();
        await store.TryMarkAsync("s1", Expiry, replacing: null, Cancel);
        var other = await store.TryMarkAsync("s2", Expiry, replacing: null, Cancel);

        await store.ClearAsync("s1", Cancel);
        await store.ClearAsync("s1", Cancel);
        await store.ClearAsync("s3", Cancel);

        Assert.Null(await store.FindAsync("s1", Cancel));
        Assert.Equal(other, await store.FindAsync("s2", Cancel));
        Assert.NotNull(await store.TryMarkAsync("s1", Expiry, replacing: null, Cancel));
    }

    [Fact]
    public async Task TryMarkAsync_ManyConcurrentWritersOfOneRead_ExactlyOneWins()
    {
        var store = CreateStore();
        for (var round = 0; round < 5; round++)
        {
            // Even rounds race to add an absent mark, odd ones to replace the same read of a present one.
            var read = round % 2 == 0 ? null : await store.FindAsync("s1", Cancel);
            var writers = Enumerable.Range(0, 8)
                .Select(i => Task.Run(() => store.TryMarkAsync("s1", Expiry.AddSeconds(i), read, Cancel), Cancel));
            var won = (await Task.WhenAll(writers)).Count(m => m is not null);

            Assert.True(won == 1, $"Round {round}: {won} writers marked (exactly one must).");
            if (round % 2 == 1)
            {
                await store.ClearAsync("s1", Cancel);
            }
        }
    }
}
