using CalendarSync.Testing;

namespace CalendarSync.Cli.Tests.Commands;

/// <summary><c>calsync db migrate</c> and the app's refusal to start on a schema it does not know, against a real PostgreSQL server.</summary>
public sealed class DbCommandTests(AzuriteFixture azurite, EmulatorFixture emulator, PostgresFixture postgres)
{
    [Fact]
    public async Task DbMigrate_OnAnEmptyDatabase_CreatesTheSchemaOnceAndThenCommandsStart()
    {
        var connectionString = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        using var calsync = Calsync.On(azurite, emulator, new Dictionary<string, string>
        {
            ["AppointmentData__Provider"] = "PostgreSql",

            // Trust authentication never asks for it; without one calsync would sign in with an Entra ID token.
            ["AppointmentData__ConnectionString"] = connectionString + ";Password=local",
        });

        var refused = await calsync.RunAsync("status");
        var first = await calsync.RunAsync("db", "migrate");
        var again = await calsync.RunAsync("db", "migrate");
        var started = await calsync.RunAsync("status");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("calsync db migrate", refused.Error, StringComparison.Ordinal);
        Assert.Contains("schema is at version 3", first.AssertSucceeded().Output, StringComparison.Ordinal);
        Assert.Contains("schema is at version 3", again.AssertSucceeded().Output, StringComparison.Ordinal);
        started.AssertSucceeded();
    }

    [Fact]
    public async Task DbMigrate_WithTableStorage_SaysThereIsNothingToMigrate()
    {
        using var calsync = Calsync.On(azurite, emulator);

        var result = await calsync.RunAsync("db", "migrate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("AppointmentData__Provider is not PostgreSql", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_StorePostgres_ARowInsertedWithSqlReachesGoogleAndGoogleEventsArriveAsRows()
    {
        // The demo's staff members have fixed addresses: an emulator of its own keeps them apart from the other demo test's.
        await using var google = await CalendarSync.Emulator.EmulatorHost.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var calsync = new Calsync(azurite.ConnectionString, google.BaseUri);

        var result = await calsync.RunAsync("demo", "--store", "postgres");

        result.AssertSucceeded();
        Assert.Contains("PostgreSQL (the business's database", result.Output, StringComparison.Ordinal);
        Assert.Contains("Ana's calendar now has", result.Output, StringComparison.Ordinal);
        Assert.Contains("Lunch", result.Output[result.Output.IndexOf("SELECT staff_id", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }
}
