using CalendarSync.PostgreSql.Schema;
using CalendarSync.Testing;

namespace CalendarSync.PostgreSql.Tests.Schema;

public sealed class SchemaMigratorTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CheckAsync_NoSchema_SaysToRunCalsyncDbMigrate()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, migrate: false, Token);

        var refused = await Assert.ThrowsAsync<SchemaVersionException>(() => new SchemaMigrator(db.DataSource).CheckAsync(Token));

        Assert.Contains("calsync db migrate", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_Twice_AppliesEachScriptOnceAndTheCheckPasses()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, migrate: false, Token);
        var migrator = new SchemaMigrator(db.DataSource);

        var first = await migrator.MigrateAsync(Token);
        var second = await migrator.MigrateAsync(Token);

        Assert.Equal(Enumerable.Range(1, SchemaMigrator.LatestVersion), first);
        Assert.Empty(second);
        Assert.Equal(SchemaMigrator.LatestVersion, await migrator.CheckAsync(Token));
    }

    [Fact]
    public async Task MigrateAsync_FromFourMachinesAtOnce_AppliesEachScriptOnce()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, migrate: false, Token);

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => new SchemaMigrator(db.DataSource).MigrateAsync(Token)));

        Assert.Equal(SchemaMigrator.LatestVersion, runs.Sum(applied => applied.Count));
    }

    [Fact]
    public async Task CheckAndMigrate_SchemaNewerThanThisBuild_RefuseAndSaySo()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);
        await db.ExecuteAsync("INSERT INTO calendar_sync.schema_migrations (version, name) VALUES ($1, 'from_the_future')", Token, SchemaMigrator.LatestVersion + 1);
        var migrator = new SchemaMigrator(db.DataSource);

        var check = await Assert.ThrowsAsync<SchemaVersionException>(() => migrator.CheckAsync(Token));
        var migrate = await Assert.ThrowsAsync<SchemaVersionException>(() => migrator.MigrateAsync(Token));

        Assert.Contains("newer than this build knows", check.Message, StringComparison.Ordinal);
        Assert.Equal(check.Message, migrate.Message);
    }

    [Fact]
    public async Task CheckAsync_SchemaOlderThanThisBuild_SaysToRunCalsyncDbMigrate()
    {
        await using var db = await TestDatabase.CreateAsync(postgres, cancellationToken: Token);
        await db.ExecuteAsync("DELETE FROM calendar_sync.schema_migrations WHERE version = $1", Token, SchemaMigrator.LatestVersion);

        var refused = await Assert.ThrowsAsync<SchemaVersionException>(() => new SchemaMigrator(db.DataSource).CheckAsync(Token));

        Assert.Contains("calsync db migrate", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"needs version {SchemaMigrator.LatestVersion}", refused.Message, StringComparison.Ordinal);
    }
}
