using Azure.Data.Tables;
using CalendarSync.Azure.Storage;
using CalendarSync.Testing;

namespace CalendarSync.Azure.Tests.Storage;

/// <summary>Tables of their own for one test, in the shared Azurite: a fresh name prefix each time.</summary>
internal static class TestTables
{
    public static StorageTables Create(AzuriteFixture azurite) =>
        new(new TableServiceClient(azurite.ConnectionString), "t" + Guid.NewGuid().ToString("N")[..10]);
}
