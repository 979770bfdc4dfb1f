using CalendarSync.Azure.Storage;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Data;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using CalendarSync.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CalendarSync.Azure.Tests;

public sealed class ExtensionsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AddCalendarSyncAzureStorage_ConnectionString_ResolvesWorkingStores()
    {
        await using var provider = Build(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString });
        var token = TestContext.Current.CancellationToken;

        Assert.Same(provider.GetRequiredService<IAppointmentData>(), provider.GetRequiredService<IAppointmentStore>());
        provider.GetRequiredService<ISyncStateStore>();
        provider.GetRequiredService<ISyncLog>();
        provider.GetRequiredService<ISyncLease>();
        provider.GetRequiredService<ISyncQueue>();
        Assert.IsType<AzureStorageErrorClassifier>(Assert.Single(provider.GetServices<IStorageErrorClassifier>()));
        Assert.Null(await provider.GetRequiredService<IConnectionStore>().GetAsync("nobody-" + Guid.NewGuid().ToString("N")[..8], token));
    }

    [Fact]
    public void AddCalendarSyncAzureStorage_IdentityBased_NeedsBothServiceUris()
    {
        using var partial = Build(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:tableServiceUri"] = "https://st.table.core.windows.net",
        });
        using var complete = Build(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:tableServiceUri"] = "https://st.table.core.windows.net",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://st.queue.core.windows.net",
        });

        var error = Assert.Throws<OptionsValidationException>(() => partial.GetRequiredService<IOptions<StorageConnectionOptions>>().Value);
        Assert.Contains("AzureWebJobsStorage__queueServiceUri", error.Message, StringComparison.Ordinal);
        var options = complete.GetRequiredService<IOptions<StorageConnectionOptions>>().Value;
        Assert.True(options.UsesIdentity);
    }

    [Theory]
    [InlineData("TombstoneRetentionDays", "0")]
    [InlineData("ItemHistoryRetentionDays", "0")]
    [InlineData("ItemHistoryRetentionDays", "3651")]
    public void AddCalendarSyncAzureStorage_RetentionOutOfRange_FailsValidation(string setting, string value)
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            [$"Sync:{setting}"] = value,
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AzureStorageOptions>>().Value);
        Assert.Contains($"Sync__{setting}", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddCalendarSyncAzureStorage(configuration).BuildServiceProvider();
    }
}
