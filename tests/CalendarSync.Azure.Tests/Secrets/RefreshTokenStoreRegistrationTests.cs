using CalendarSync.Azure.Secrets;
using CalendarSync.Core.Connections;
using CalendarSync.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CalendarSync.Azure.Tests.Secrets;

public sealed class RefreshTokenStoreRegistrationTests(AzuriteFixture azurite)
{
    [Fact]
    public void AddRefreshTokenStore_VaultUriSet_ChoosesKeyVault()
    {
        using var provider = Build(new() { ["KeyVault:VaultUri"] = "https://kv-example.vault.azure.net/" }, "Production");

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.IsType<KeyVaultRefreshTokenStore>(provider.GetRequiredService<IRefreshTokenStore>());
    }

    [Fact]
    public void AddRefreshTokenStore_NoVaultUriInDevelopment_ChoosesTheDevelopmentStore()
    {
        using var provider = Build(new() { ["KeyVault:VaultUri"] = "", ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }, "Development");

        Assert.IsType<DevelopmentRefreshTokenStore>(provider.GetRequiredService<IRefreshTokenStore>());
    }

    [Fact]
    public async Task AddRefreshTokenStore_DevelopmentStoreOnAzurite_RoundTrips()
    {
        var ct = TestContext.Current.CancellationToken;
        using var provider = Build(new() { ["AzureWebJobsStorage"] = azurite.ConnectionString }, "Development");
        var store = provider.GetRequiredService<IRefreshTokenStore>();
        var staffId = "staff-" + Guid.NewGuid().ToString("N");

        await store.SetAsync(staffId, "1//refresh-a", ct);

        Assert.Equal("1//refresh-a", await store.GetAsync(staffId, ct));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void AddRefreshTokenStore_NoVaultUriOutsideDevelopment_RefusesAtRegistration(string environmentName)
    {
        var failure = Assert.Throws<InvalidOperationException>(() =>
            Build(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }, environmentName));

        Assert.Contains("Development", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://kv-example.vault.azure.net/")]
    [InlineData("/relative")]
    public void AddRefreshTokenStore_VaultUriNotAbsoluteHttps_FailsAtStart(string vaultUri)
    {
        using var provider = Build(new() { ["KeyVault:VaultUri"] = vaultUri }, "Production");

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("KeyVault:VaultUri", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRefreshTokenStore_NegativeCacheLifetime_FailsAtStart()
    {
        using var provider = Build(new() { ["KeyVault:VaultUri"] = "https://kv-example.vault.azure.net/", ["KeyVault:CacheLifetime"] = "-00:01:00" }, "Production");

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, string environmentName)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddRefreshTokenStore(configuration, new TestHostEnvironment(environmentName))
            .BuildServiceProvider();
    }
}
