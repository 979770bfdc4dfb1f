using CalendarSync.Azure.Sync;
using CalendarSync.Azure.Tests.Storage;
using CalendarSync.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Azure.Tests.Sync;

public sealed class TableSyncLeaseTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TryAcquireAsync_WhileHeld_IsRefused_AfterRelease_IsGranted()
    {
        var leases = new TableSyncLease(TestTables.Create(azurite), _clock);

        var first = await leases.TryAcquireAsync("s1", Duration, Token);
        var second = await leases.TryAcquireAsync("s1", Duration, Token);
        var other = await leases.TryAcquireAsync("s2", Duration, Token);
        await leases.ReleaseAsync(first!, Token);
        var third = await leases.TryAcquireAsync("s1", Duration, Token);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.NotNull(other);
        Assert.NotNull(third);
        Assert.NotEqual(first.HolderId, third.HolderId);
    }

    [Fact]
    public async Task TryAcquireAsync_CrashedHoldersLeaseExpired_IsTakenOver_AndTheOldHolderCannotRenewOrRelease()
    {
        var leases = new TableSyncLease(TestTables.Create(azurite), _clock);
        var crashed = await leases.TryAcquireAsync("s1", Duration, Token);

        _clock.Advance(Duration - TimeSpan.FromSeconds(1));
        Assert.Null(await leases.TryAcquireAsync("s1", Duration, Token));
        _clock.Advance(TimeSpan.FromSeconds(2));
        var next = await leases.TryAcquireAsync("s1", Duration, Token);

        Assert.NotNull(next);
        Assert.Null(await leases.RenewAsync(crashed!, Duration, Token));
        await leases.ReleaseAsync(crashed!, Token);
        Assert.Null(await leases.TryAcquireAsync("s1", Duration, Token));
    }

    [Fact]
    public async Task RenewAsync_HeldLease_ExtendsIt()
    {
        var leases = new TableSyncLease(TestTables.Create(azurite), _clock);
        var lease = await leases.TryAcquireAsync("s1", Duration, Token);

        _clock.Advance(TimeSpan.FromMinutes(4));
        var renewed = await leases.RenewAsync(lease!, Duration, Token);
        _clock.Advance(TimeSpan.FromMinutes(4));

        Assert.NotNull(renewed);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(1), renewed.ExpiresAt);
        Assert.Null(await leases.TryAcquireAsync("s1", Duration, Token));
    }

    [Fact]
    public async Task TryAcquireAsync_ManyConcurrentContenders_NeverTwoHolders()
    {
        var tables = TestTables.Create(azurite);
        for (var round = 0; round < 10; round++)
        {
            // Each round starts with an expired lease, so the contenders race both the add and the takeover.
            _clock.Advance(Duration + TimeSpan.FromSeconds(1));
            var contenders = Enumerable.Range(0, 8)
                .Select(_ => Task.Run(() => new TableSyncLease(tables, _clock).TryAcquireAsync("s1", Duration, Token), Token));
            var won = (await Task.WhenAll(contenders)).Count(l => l is not null);

            Assert.True(won == 1, $"Round {round}: {won} contenders hold the lease (exactly one must).");
        }
    }
}
