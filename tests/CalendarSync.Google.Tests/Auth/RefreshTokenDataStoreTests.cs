using CalendarSync.Google.Auth;
using CalendarSync.Google.Tests.Fakes;
using Google.Apis.Auth.OAuth2.Responses;
using CalendarSync.Testing;

namespace CalendarSync.Google.Tests.Auth;

public sealed class RefreshTokenDataStoreTests
{
    [Fact]
    public async Task StoreAsync_SameRefreshTokenWithNewAccessToken_WritesTheVaultOnce()
    {
        var vault = new InMemoryRefreshTokenStore();
        var store = new RefreshTokenDataStore(vault);

        await store.StoreAsync("staff-1", new TokenResponse { AccessToken = "a1", RefreshToken = "r1" });
        await store.StoreAsync("staff-1", new TokenResponse { AccessToken = "a2", RefreshToken = "r1" });

        Assert.Equal(1, vault.Writes);
        Assert.Equal("r1", vault.Tokens["staff-1"]);
        Assert.Equal("a2", (await store.GetAsync<TokenResponse>("staff-1")).AccessToken);
    }

    [Fact]
    public async Task StoreAsync_RotatedRefreshToken_WritesTheNewOne()
    {
        var vault = new InMemoryRefreshTokenStore();
        var store = new RefreshTokenDataStore(vault);

        await store.StoreAsync("staff-1", new TokenResponse { AccessToken = "a1", RefreshToken = "r1" });
        await store.StoreAsync("staff-1", new TokenResponse { AccessToken = "a2", RefreshToken = "r2" });

        Assert.Equal(2, vault.Writes);
        Assert.Equal("r2", vault.Tokens["staff-1"]);
    }

    [Fact]
    public async Task GetAsync_NotCached_ReadsRefreshTokenOnceAndHasNoAccessToken()
    {
        var vault = new InMemoryRefreshTokenStore();
        vault.Tokens["staff-1"] = "r1";
        var store = new RefreshTokenDataStore(vault);

        var first = await store.GetAsync<TokenResponse>("staff-1");
        var second = await store.GetAsync<TokenResponse>("staff-1");

        Assert.Equal("r1", first.RefreshToken);
        Assert.Null(first.AccessToken);
        Assert.Same(first, second);
        Assert.Equal(1, vault.Reads);
    }

    [Fact]
    public async Task GetAsync_NoGrant_IsNull()
    {
        var store = new RefreshTokenDataStore(new InMemoryRefreshTokenStore());

        Assert.Null(await store.GetAsync<TokenResponse>("staff-1"));
    }

    [Fact]
    public async Task DeleteAsync_ForgetsTheCacheButKeepsTheVaultSecret()
    {
        var vault = new InMemoryRefreshTokenStore();
        var store = new RefreshTokenDataStore(vault);
        await store.StoreAsync("staff-1", new TokenResponse { AccessToken = "a1", RefreshToken = "r1" });

        await store.DeleteAsync<TokenResponse>("staff-1");
        var reloaded = await store.GetAsync<TokenResponse>("staff-1");

        Assert.Equal("r1", vault.Tokens["staff-1"]);
        Assert.Equal("r1", reloaded.RefreshToken);
        Assert.Null(reloaded.AccessToken);
    }
}
