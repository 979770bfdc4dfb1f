using CalendarSync.Core.Tests.Scenarios;
using CalendarSync.PostgreSql.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Tests.Fakes;
using CalendarSync.Testing;
using Npgsql;

namespace CalendarSync.PostgreSql.Tests.Scenarios;

/// <summary>
/// One migrated database for the sync's scenarios, emptied before each world is made on it (the tests of this assembly take
/// turns): the appointment data in PostgreSQL, Google and the sync state in memory, so a history costs milliseconds.
/// </summary>
internal static class ScenarioDatabase
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static TestDatabase? _database;

    /// <summary>The database's connection string, once a world has been made on it.</summary>
    public static string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("No world has been made yet.");

    public static async ValueTask<InMemorySyncWorld> NewWorldAsync(
        PostgresFixture postgres, StaffMember staff, DateTimeOffset start, bool forgetsReplacedInstances)
    {
        var db = await GetAsync(postgres);
        Empty(db);
        return InMemorySyncWorld.WithAppointmentData(staff, start, forgetsReplacedInstances, db.Store, new StoreLocalEditor<PostgresAppointmentData>(db.Store, staff.Id));
    }

    /// <summary>As <see cref="NewWorldAsync"/>, for a constructor that cannot wait.</summary>
    public static InMemorySyncWorld NewWorld(PostgresFixture postgres, StaffMember staff, DateTimeOffset start) =>
        NewWorldAsync(postgres, staff, start, forgetsReplacedInstances: false).AsTask().GetAwaiter().GetResult();

    private static async Task<TestDatabase> GetAsync(PostgresFixture postgres)
    {
        await Gate.WaitAsync();
        try
        {
            return _database ??= await TestDatabase.CreateAsync(postgres);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static void Empty(TestDatabase db)
    {
        using var connection = db.DataSource.OpenConnection();
        using var truncate = new NpgsqlCommand(
            "TRUNCATE calendar_sync.appointments, calendar_sync.blocked_slots, calendar_sync.availability_exceptions, " +
            "calendar_sync.business_closures, calendar_sync.deleted_items, calendar_sync.changes", connection);
        truncate.ExecuteNonQuery();
    }
}
