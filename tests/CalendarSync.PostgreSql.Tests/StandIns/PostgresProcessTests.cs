using CalendarSync.Testing;
using Npgsql;

namespace CalendarSync.PostgreSql.Tests.StandIns;

/// <summary>The test server is the npm package's PostgreSQL, not whatever the machine has installed.</summary>
public sealed class PostgresProcessTests(PostgresFixture postgres)
{
    [Fact]
    public async Task StartAsync_FromTheNpmPackage_ServesTheRepositorysPinnedVersionOnAFreshDatabase()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(await postgres.CreateDatabaseAsync(cancel));
        await connection.OpenAsync(cancel);
        await using var command = new NpgsqlCommand("SELECT current_setting('server_version_num')::int, current_setting('data_directory')", connection);
        await using var reader = await command.ExecuteReaderAsync(cancel);
        Assert.True(await reader.ReadAsync(cancel));
        Assert.Equal(18, reader.GetInt32(0) / 10000);
        Assert.StartsWith(Path.GetTempPath().TrimEnd('/'), reader.GetString(1), StringComparison.Ordinal);
    }
}
