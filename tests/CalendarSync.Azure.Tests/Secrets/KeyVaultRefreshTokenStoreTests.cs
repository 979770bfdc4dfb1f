using System.Diagnostics;
using Azure;
using Azure.Security.KeyVault.Secrets;
using CalendarSync.Azure.Secrets;
using CalendarSync.Testing.KeyVault;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Azure.Tests.Secrets;

/// <summary>The store on a real <see cref="SecretClient"/>, over HTTPS and Key Vault's challenge authentication, against <see cref="KeyVaultStandIn"/>.</summary>
public sealed class KeyVaultRefreshTokenStoreTests : IAsyncLifetime
{
    private const string StaffId = "staff-1";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogger<KeyVaultRefreshTokenStore> _logger = new();
    private KeyVaultStandIn _vault = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _vault = await KeyVaultStandIn.StartAsync(Ct);

    public ValueTask DisposeAsync() => _vault.DisposeAsync();

    [Fact]
    public async Task GetAsync_NeverConnected_ReturnsNull()
    {
        Assert.Null(await NewInstance().GetAsync(StaffId, Ct));
    }

    [Fact]
    public async Task SetAsync_NewToken_StoresOneSecretUnderTheDerivedName()
    {
        await NewInstance().SetAsync(StaffId, "1//refresh-a", Ct);

        var secret = _vault.Find(RefreshTokenSecretName.For(StaffId));
        Assert.NotNull(secret);
        Assert.Equal("1//refresh-a", secret.Value);
        Assert.Equal(KeyVaultRefreshTokenStore.ContentType, secret.ContentType);
        Assert.Empty(secret.Tags);
        Assert.Equal(1, _vault.Writes);
        Assert.True(_vault.Credential.TokensIssued > 0);
    }

    [Fact]
    public async Task GetAsync_OnAnotherInstance_ReadsTheStoredToken()
    {
        await NewInstance().SetAsync(StaffId, "1//refresh-a", Ct);

        Assert.Equal("1//refresh-a", await NewInstance().GetAsync(StaffId, Ct));
    }

    [Fact]
    public async Task SetAsync_SameTokenAgain_WritesOnce()
    {
        var store = NewInstance();

        await store.SetAsync(StaffId, "1//refresh-a", Ct);
        await store.SetAsync(StaffId, "1//refresh-a", Ct);
        await store.SetAsync(StaffId, "1//refresh-a", Ct);

        Assert.Equal(1, _vault.Writes);
    }

    [Fact]
    public async Task SetAsync_SameTokenOnAnInstanceThatNeverSawIt_ReadsInsteadOfWriting()
    {
        await NewInstance().SetAsync(StaffId, "1//refresh-a", Ct);

        await NewInstance().SetAsync(StaffId, "1//refresh-a", Ct);

        Assert.Equal(1, _vault.Writes);
    }

    [Fact]
    public async Task SetAsync_ChangedToken_WritesANewVersion()
    {
        var store = NewInstance();
        await store.SetAsync(StaffId, "1//refresh-a", Ct);

        await store.SetAsync(StaffId, "1//refresh-b", Ct);

        Assert.Equal(2, _vault.Writes);
        Assert.Equal(2, _vault.Find(RefreshTokenSecretName.For(StaffId))!.Versions);
        Assert.Equal("1//refresh-b", await NewInstance().GetAsync(StaffId, Ct));
    }

    [Fact]
    public async Task GetAsync_Twice_ReadsTheVaultOnce()
    {
        await NewInstance().SetAsync(StaffId, "1//refresh-a", Ct);
        var store = NewInstance();

        await store.GetAsync(StaffId, Ct);
        await store.GetAsync(StaffId, Ct);

        Assert.Equal(2, CountReads()); // the writer's own check, then one for this instance
    }

    [Fact]
    public async Task GetAsync_AfterTheCacheLifetime_PicksUpATokenAnotherInstanceWrote()
    {
        var reader = NewInstance(TimeSpan.FromMinutes(15));
        await NewInstance().SetAsync(StaffId, "1//refresh-a", Ct);
        Assert.Equal("1//refresh-a", await reader.GetAsync(StaffId, Ct));
        await NewInstance().SetAsync(StaffId, "1//refresh-b", Ct);

        _time.Advance(TimeSpan.FromMinutes(14));
        var withinLifetime = await reader.GetAsync(StaffId, Ct);
        _time.Advance(TimeSpan.FromMinutes(2));
        var afterLifetime = await reader.GetAsync(StaffId, Ct);

        Assert.Equal("1//refresh-a", withinLifetime);
        Assert.Equal("1//refresh-b", afterLifetime);
    }

    [Fact]
    public async Task GetAsync_CacheOff_ReadsTheVaultEachTime()
    {
        await NewInstance().SetAsync(StaffId, "1//refresh-a", Ct);
        var store = NewInstance(TimeSpan.Zero);
        var before = CountReads();

        await store.GetAsync(StaffId, Ct);
        await store.GetAsync(StaffId, Ct);

        Assert.Equal(before + 2, CountReads());
    }

    [Fact]
    public async Task DeleteAsync_Connected_DeletesAndPurges()
    {
        var store = NewInstance();
        await store.SetAsync(StaffId, "1//refresh-a", Ct);

        await store.DeleteAsync(StaffId, Ct);

        Assert.Null(_vault.Find(RefreshTokenSecretName.For(StaffId)));
        Assert.Null(await store.GetAsync(StaffId, Ct));
        Assert.Null(await NewInstance().GetAsync(StaffId, Ct));
    }

    [Fact]
    public async Task DeleteAsync_UnderPurgeProtection_LeavesTheSecretSoftDeleted()
    {
        _vault.PurgeProtection = true;
        var store = NewInstance();
        await store.SetAsync(StaffId, "1//refresh-a", Ct);

        await store.DeleteAsync(StaffId, Ct);

        Assert.True(_vault.Find(RefreshTokenSecretName.For(StaffId))!.IsDeleted);
        Assert.Null(await NewInstance().GetAsync(StaffId, Ct));
        Assert.Contains(_vault.Requests, request => request is { Method: "DELETE", Status: 403 } && request.Path.StartsWith("/deletedsecrets/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeleteAsync_NeverConnected_Succeeds()
    {
        await NewInstance().DeleteAsync(StaffId, Ct);

        Assert.Null(_vault.Find(RefreshTokenSecretName.For(StaffId)));
    }

    [Fact]
    public async Task DeleteAsync_AfterAnEarlierDeleteFailedToPurge_Purges()
    {
        var store = NewInstance();
        await store.SetAsync(StaffId, "1//refresh-a", Ct);
        _vault.PurgeProtection = true;
        await store.DeleteAsync(StaffId, Ct);
        _vault.PurgeProtection = false;

        await store.DeleteAsync(StaffId, Ct);

        Assert.Null(_vault.Find(RefreshTokenSecretName.For(StaffId)));
    }

    [Fact]
    public async Task SetAsync_ReconnectAfterPurge_WritesAFreshSecret()
    {
        var store = NewInstance();
        await store.SetAsync(StaffId, "1//refresh-a", Ct);
        await store.DeleteAsync(StaffId, Ct);

        await store.SetAsync(StaffId, "1//refresh-b", Ct);

        var secret = _vault.Find(RefreshTokenSecretName.For(StaffId))!;
        Assert.Equal(("1//refresh-b", 1, false), (secret.Value, secret.Versions, secret.IsDeleted));
    }

    [Fact]
    public async Task SetAsync_ReconnectWhileTheDeletedSecretIsKept_RecoversAndWrites()
    {
        _vault.PurgeProtection = true;
        await NewInstance().SetAsync(StaffId, "1//refresh-a", Ct);
        await NewInstance().DeleteAsync(StaffId, Ct);

        await NewInstance().SetAsync(StaffId, "1//refresh-b", Ct);

        var secret = _vault.Find(RefreshTokenSecretName.For(StaffId))!;
        Assert.Equal(("1//refresh-b", false), (secret.Value, secret.IsDeleted));
        Assert.Equal("1//refresh-b", await NewInstance().GetAsync(StaffId, Ct));
        Assert.Contains(_vault.Requests, request => request is { Method: "POST", Status: 200 } && request.Path.EndsWith("/recover", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SetAsync_Throttled_RetriesAfterRetryAfter()
    {
        // Our own back-off would wait 10 ms; only the vault's Retry-After makes it 2 s.
        var store = NewInstance(configure: options => options.Retry.Delay = TimeSpan.FromMilliseconds(10));
        await store.SetAsync(StaffId, "1//refresh-a", Ct);
        _vault.FailNext(429, retryAfter: TimeSpan.FromSeconds(2));

        var clock = Stopwatch.StartNew();
        await store.SetAsync(StaffId, "1//refresh-b", Ct);
        clock.Stop();

        Assert.Equal([429, 200], _vault.Requests.Where(request => request.Method == "PUT").Skip(1).Select(request => request.Status));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"retried after {clock.Elapsed}, before Retry-After");
        Assert.Equal("1//refresh-b", _vault.Find(RefreshTokenSecretName.For(StaffId))!.Value);
    }

    [Fact]
    public async Task GetAsync_ThrottledAgainAndAgain_GivesUpAfterTheRetries()
    {
        _vault.FailNext(429, retryAfter: TimeSpan.Zero, times: 20);
        var store = NewInstance(configure: options => options.Retry.Delay = TimeSpan.FromMilliseconds(10));

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => store.GetAsync(StaffId, Ct));

        Assert.Equal(429, failure.Status);
        Assert.Equal(6, _vault.Requests.Count); // one try and five retries
    }

    [Fact]
    public async Task SetAsync_VaultRefusesTheWrite_TokenIsInNoExceptionOrLog()
    {
        var store = NewInstance();
        await store.SetAsync(StaffId, "1//refresh-a", Ct);
        _vault.FailNext(403);

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => store.SetAsync(StaffId, "1//refresh-b", Ct));
        await store.SetAsync(StaffId, "1//refresh-b", Ct);

        Assert.DoesNotContain("refresh-b", failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_logger.Entries, entry => entry.Contains("refresh-a", StringComparison.Ordinal) || entry.Contains("refresh-b", StringComparison.Ordinal));
        Assert.NotEmpty(_logger.Entries);
        Assert.Equal("1//refresh-b", _vault.Find(RefreshTokenSecretName.For(StaffId))!.Value);
    }

    [Theory]
    [MemberData(nameof(RefreshTokenSecretNameTests.HostileIds), MemberType = typeof(RefreshTokenSecretNameTests))]
    public async Task SetAsync_HostileStaffId_RoundTripsAndDeletes(string staffId)
    {
        await NewInstance().SetAsync(staffId, "1//hostile", Ct);
        var read = await NewInstance().GetAsync(staffId, Ct);
        await NewInstance().DeleteAsync(staffId, Ct);

        Assert.Equal("1//hostile", read);
        Assert.Null(await NewInstance().GetAsync(staffId, Ct));
        Assert.DoesNotContain(_vault.Requests, request => request.Status == 400);
    }

    [Fact]
    public async Task SetAsync_IdsDifferingOnlyInCase_KeepTheirOwnTokens()
    {
        await NewInstance().SetAsync("Staff-A", "1//upper", Ct);
        await NewInstance().SetAsync("staff-a", "1//lower", Ct);

        Assert.Equal("1//upper", await NewInstance().GetAsync("Staff-A", Ct));
        Assert.Equal("1//lower", await NewInstance().GetAsync("staff-a", Ct));
    }

    // A new store and client, as on another instance of the function app: nothing cached.
    private KeyVaultRefreshTokenStore NewInstance(TimeSpan? cacheLifetime = null, Action<SecretClientOptions>? configure = null)
    {
        var clientOptions = new SecretClientOptions();
        KeyVaultRefreshTokenStore.ConfigureClient(clientOptions);
        configure?.Invoke(clientOptions);
        clientOptions.Transport = _vault.CreateTransport();
        var client = new SecretClient(_vault.VaultUri, _vault.Credential, clientOptions);
        var options = Options.Create(new KeyVaultOptions { VaultUri = _vault.VaultUri, CacheLifetime = cacheLifetime ?? TimeSpan.FromMinutes(15) });
        return new KeyVaultRefreshTokenStore(client, options, _time, _logger);
    }

    private int CountReads() => _vault.Requests.Count(request => request.Method == "GET" && request.Path.StartsWith("/secrets/", StringComparison.Ordinal));
}
