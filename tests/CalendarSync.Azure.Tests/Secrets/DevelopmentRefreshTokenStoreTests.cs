using Azure.Data.Tables;
using CalendarSync.Azure.Secrets;
using CalendarSync.Testing;

namespace CalendarSync.Azure.Tests.Secrets;

/// <summary>The development store on a real Azurite.</summary>
public sealed class DevelopmentRefreshTokenStoreTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("development-but-not-quite")]
    public void Constructor_OutsideDevelopment_Throws(string environmentName)
    {
        var failure = Assert.Throws<InvalidOperationException>(() => new DevelopmentRefreshTokenStore(NewTable(), new TestHostEnvironment(environmentName)));

        Assert.Contains("Development", failure.Message, StringComparison.Ordinal);
        Assert.Contains("KeyVault__VaultUri", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetAsync_ThenGetAndDelete_RoundTripsOnAzurite()
    {
        var store = NewStore(NewTable());

        var before = await store.GetAsync("staff-1", Ct);
        await store.SetAsync("staff-1", "1//refresh-a", Ct);
        var afterSet = await store.GetAsync("staff-1", Ct);
        await store.SetAsync("staff-1", "1//refresh-b", Ct);
        var afterChange = await store.GetAsync("staff-1", Ct);
        await store.DeleteAsync("staff-1", Ct);

        Assert.Equal((null, "1//refresh-a", "1//refresh-b"), (before, afterSet, afterChange));
        Assert.Null(await store.GetAsync("staff-1", Ct));
    }

    [Fact]
    public async Task SetAsync_SameToken_LeavesTheRowUntouched()
    {
        var table = NewTable();
        var store = NewStore(table);
        await store.SetAsync("staff-1", "1//refresh-a", Ct);
        var etag = (await table.GetEntityAsync<TableEntity>(RefreshTokenSecretName.For("staff-1"), "refresh-token", cancellationToken: Ct)).Value.ETag;

        await store.SetAsync("staff-1", "1//refresh-a", Ct);

        Assert.Equal(etag, (await table.GetEntityAsync<TableEntity>(RefreshTokenSecretName.For("staff-1"), "refresh-token", cancellationToken: Ct)).Value.ETag);
    }

    [Theory]
    [MemberData(nameof(RefreshTokenSecretNameTests.HostileIds), MemberType = typeof(RefreshTokenSecretNameTests))]
    public async Task SetAsync_HostileStaffId_RoundTrips(string staffId)
    {
        var store = NewStore(NewTable());

        await store.SetAsync(staffId, "1//hostile", Ct);
        var read = await store.GetAsync(staffId, Ct);
        await store.DeleteAsync(staffId, Ct);

        Assert.Equal("1//hostile", read);
        Assert.Null(await store.GetAsync(staffId, Ct));
    }

    [Fact]
    public async Task DeleteAsync_NeverConnected_Succeeds()
    {
        await NewStore(NewTable()).DeleteAsync("staff-1", Ct);
    }

    private static DevelopmentRefreshTokenStore NewStore(TableClient table) => new(table, new TestHostEnvironment("Development"));

    // A table of its own per test, so tests never see each other's rows.
    private TableClient NewTable() => new(azurite.ConnectionString, "DevTokens" + Guid.NewGuid().ToString("N")[..12]);
}
