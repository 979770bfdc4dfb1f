using CalendarSync.Core.Runs;
using CalendarSync.Core.Tests.Fakes;

namespace CalendarSync.Core.Tests.Runs;

/// <summary>The fake keeps the store's rules, so Core's tests on it mean what they say about the Table store.</summary>
public sealed class InMemoryWaitingPushSyncStoreTests : WaitingPushSyncStoreContract
{
    protected override IWaitingPushSyncStore CreateStore() => new InMemoryWaitingPushSyncStore();
}
