using Azure;
using Azure.Data.Tables;
using Azure.Identity;
using CalendarSync.Azure.Storage;
using CalendarSync.Core.Calendar;
using CalendarSync.Testing;

namespace CalendarSync.Azure.Tests.Storage;

public sealed class AzureStorageErrorClassifierTests(AzuriteFixture azurite)
{
    private readonly AzureStorageErrorClassifier _classifier = new();

    [Fact]
    public async Task IsStorageError_AFailureOfTheTableService_IsOne()
    {
        var missing = new TableServiceClient(azurite.ConnectionString).GetTableClient("missing" + Guid.NewGuid().ToString("N")[..10]);

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => missing.GetEntityAsync<TableEntity>("p", "r", cancellationToken: TestContext.Current.CancellationToken));

        Assert.True(_classifier.IsStorageError(failure));
        Assert.True(_classifier.IsStorageError(new AuthenticationFailedException("The managed identity has no token.")));
    }

    [Fact]
    public void IsStorageError_GoogleFailuresAndBugs_AreNot()
    {
        Assert.False(_classifier.IsStorageError(new CalendarTransientException("Google answered 503.")));
        Assert.False(_classifier.IsStorageError(new InvalidOperationException("a bug of ours")));
    }
}
