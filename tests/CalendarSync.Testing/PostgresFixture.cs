using System.Globalization;
using CalendarSync.Cli.StandIns;
using Npgsql;
using Xunit;

namespace CalendarSync.Testing;

/// <summary>
/// A PostgreSQL server from the repository's npm package, started once per test assembly and stopped after it.
/// Register it with <c>[assembly: AssemblyFixture(typeof(PostgresFixture))]</c>. Tests share the server; each that needs
/// a database of its own asks <see cref="CreateDatabaseAsync"/> for a fresh, empty one.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresProcess? _server;
    private int _databases;

    public PostgresProcess Server => _server ?? throw new InvalidOperationException("PostgreSQL has not started.");

    public async ValueTask InitializeAsync() => _server = await PostgresProcess.StartAsync(RepositoryRoot.Path);

    /// <summary>Creates an empty database and answers a connection string for it (superuser, no password).</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}");
        await using (var admin = new NpgsqlConnection(Server.ConnectionStringFor("postgres")))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return Server.ConnectionStringFor(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
