using CalendarSync.Azure.Sync;
using CalendarSync.Azure.Tests.Storage;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Tests.Runs;
using CalendarSync.Testing;

namespace CalendarSync.Azure.Tests.Sync;

/// <summary>Core's contract for the waiting-push marks, on the <c>WaitingPushes</c> table in Azurite.</summary>
public sealed class TableWaitingPushSyncStoreTests(AzuriteFixture azurite) : WaitingPushSyncStoreContract
{
    protected override IWaitingPushSyncStore CreateStore() => new TableWaitingPushSyncStore(TestTables.Create(azurite));
}
