using CalendarSync.PostgreSql.Data;
using CalendarSync.PostgreSql.Schema;
using CalendarSync.Testing;
using Npgsql;

namespace CalendarSync.PostgreSql.Tests;

/// <summary>A fresh database on the assembly's server, migrated, with the store on it and a way to run the business's own SQL.</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string connectionString, NpgsqlDataSource dataSource)
    {
        ConnectionString = connectionString;
        DataSource = dataSource;
        Store = new PostgresAppointmentData(dataSource);
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public PostgresAppointmentData Store { get; }

    public static async Task<TestDatabase> CreateAsync(PostgresFixture postgres, bool migrate = true, CancellationToken cancellationToken = default)
    {
        var connectionString = await postgres.CreateDatabaseAsync(cancellationToken);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        if (migrate)
        {
            await new SchemaMigrator(dataSource).MigrateAsync(cancellationToken);
        }

        return new TestDatabase(connectionString, dataSource);
    }

    /// <summary>Runs the business's SQL in a transaction of its own, as its application would.</summary>
    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
