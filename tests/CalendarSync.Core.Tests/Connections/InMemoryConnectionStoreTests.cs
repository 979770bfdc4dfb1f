using CalendarSync.Core.Connections;
using CalendarSync.Core.Tests.Fakes;

namespace CalendarSync.Core.Tests.Connections;

/// <summary>The fake keeps the store's rules, so the processor's tests on it mean what they say about the Table store.</summary>
public sealed class InMemoryConnectionStoreTests : ConnectionStoreContract
{
    protected override IConnectionStore CreateStore() => new InMemoryFunctionPorts(TimeProvider.System);
}
