using CalendarSync.Core.Domain;
using CalendarSync.Core.Tests.Fakes;
using CalendarSync.Core.Tests.Sync;
using CalendarSync.Testing;

namespace CalendarSync.PostgreSql.Tests.Scenarios;

/// <summary>The sync engine's named stories with the appointment data in PostgreSQL.</summary>
public sealed class PostgresSyncStoriesTests(PostgresFixture postgres) : SyncStoriesTests
{
    protected override ValueTask<InMemorySyncWorld> NewWorldAsync(StaffMember staff, DateTimeOffset start, bool forgetsReplacedInstances) =>
        ScenarioDatabase.NewWorldAsync(postgres, staff, start, forgetsReplacedInstances);
}

/// <summary>The crash tests with the appointment data in PostgreSQL: a run dying after any call loses and duplicates nothing.</summary>
public sealed class PostgresStaffSyncCrashTests(PostgresFixture postgres) : StaffSyncCrashTests
{
    protected override SyncTestbed NewTestbed() => new(world: (staff, now) => ScenarioDatabase.NewWorld(postgres, staff, now));
}

/// <summary>
/// The model-based test with the appointment data in PostgreSQL: random histories with faults at random port calls, one
/// at a time (the feed waits for transactions running anywhere on the server), fewer than in memory to keep the suite short.
/// </summary>
public sealed class PostgresStaffSyncModelTests(PostgresFixture postgres) : StaffSyncModelTests
{
    protected override int DefaultCases => 200;

    protected override int Threads => 1;

    // Budget cuts are the engine's, not the store's, and 200 histories hold one or two: the in-memory search proves them.
    protected override bool MustCutByBudget => false;

    protected override ValueTask<InMemorySyncWorld> NewWorldAsync(StaffMember staff, DateTimeOffset start, bool forgetsReplacedInstances) =>
        ScenarioDatabase.NewWorldAsync(postgres, staff, start, forgetsReplacedInstances);
}
