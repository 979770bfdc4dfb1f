using Azure.Data.Tables;
using CalendarSync.Azure.Connections;
using CalendarSync.Azure.Storage;
using CalendarSync.Azure.Tests.Storage;
using CalendarSync.Core.Connections;
using CalendarSync.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Azure.Tests.Connections;

public sealed class TablePendingAuthorizationStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TryConsume_Twice_SecondFindsNothing_AndGetLeavesItInPlace()
    {
        var store = new TablePendingAuthorizationStore(TestTables.Create(azurite), _clock);
        var pending = Pending(Now.AddMinutes(10), verifier: "verifier-1");
        await store.SaveAsync(pending, Token);

        Assert.Equal(pending, await store.GetAsync(pending.Nonce, Token));
        Assert.Equal(pending, await store.TryConsumeAsync(pending.Nonce, Token));
        Assert.Null(await store.TryConsumeAsync(pending.Nonce, Token));
        Assert.Null(await store.GetAsync(pending.Nonce, Token));
    }

    [Fact]
    public async Task Link_WithoutVerifier_ReadsBackAsALinkWithItsAccount()
    {
        var store = new TablePendingAuthorizationStore(TestTables.Create(azurite), _clock);
        var link = Pending(Now.AddHours(1), verifier: null);
        await store.SaveAsync(link, Token);

        var read = await store.TryConsumeAsync(link.Nonce, Token);

        Assert.NotNull(read);
        Assert.True(read.IsLink);
        Assert.Equal("jane@example.com", read.ExpectedAccount);
    }

    [Fact]
    public async Task PurgeExpired_DeletesOnlyExpiredRows_SpreadOverPartitions()
    {
        var tables = TestTables.Create(azurite);
        var store = new TablePendingAuthorizationStore(tables, _clock);
        var expired = Enumerable.Range(0, 12).Select(_ => Pending(Now.AddMinutes(-1), "v")).ToList();
        var live = Enumerable.Range(0, 3).Select(_ => Pending(Now.AddMinutes(5), null)).ToList();
        foreach (var pending in expired.Concat(live))
        {
            await store.SaveAsync(pending, Token);
        }

        var purged = await store.PurgeExpiredAsync(Now, Token);

        Assert.Equal(expired.Count, purged);
        var table = await tables.GetAsync(StorageTables.PendingAuthorizations, Token);
        var left = await table.QueryAsync<TableEntity>(cancellationToken: Token).ToListAsync(Token);
        Assert.Equal(live.Select(p => p.Nonce).Order(), left.Select(e => e.RowKey).Order());
        Assert.True(expired.Concat(live).Select(p => p.Nonce[..1]).Distinct().Count() > 1, "Every nonce landed in one partition.");
        Assert.All(left, e => Assert.Equal(e.RowKey[..1], e.PartitionKey));
    }

    [Theory]
    [InlineData("x' or PartitionKey ne '")]
    [InlineData("")]
    [InlineData("a/b")]
    public async Task Get_ForgedNonce_IsRefusedBeforeItReachesAKey(string nonce)
    {
        var store = new TablePendingAuthorizationStore(TestTables.Create(azurite), _clock);

        await Assert.ThrowsAsync<OAuthStateRejectedException>(() => store.GetAsync(nonce, Token));
    }

    private static PendingAuthorization Pending(DateTimeOffset expiresAt, string? verifier) =>
        new(OAuthStateSigner.NewNonce(), "jane", "jane@example.com", verifier, expiresAt);
}
