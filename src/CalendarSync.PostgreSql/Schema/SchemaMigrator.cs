using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace CalendarSync.PostgreSql.Schema;

/// <summary>
/// Creates and upgrades the <c>calendar_sync</c> schema from the scripts built into this assembly
/// (<c>Schema/NNNN_name.sql</c>), each once and in order, all in one transaction under an advisory lock: running it again,
/// or from two machines at once, changes nothing. <see cref="CheckAsync"/> is what the app runs at start.
/// </summary>
public sealed partial class SchemaMigrator(NpgsqlDataSource dataSource)
{
    public const string SchemaName = "calendar_sync";

    /// <summary>The schema version this build writes and reads.</summary>
    public static int LatestVersion => Scripts.Value[^1].Version;

    private static readonly Lazy<IReadOnlyList<(int Version, string Name, string Sql)>> Scripts = new(LoadScripts);

    /// <summary>Applies every script newer than the database's version; answers the versions it applied.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"""
            SELECT pg_advisory_xact_lock(hashtext('{SchemaName}.migrate'));
            CREATE SCHEMA IF NOT EXISTS {SchemaName};
            CREATE TABLE IF NOT EXISTS {SchemaName}.schema_migrations (
                version int PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now());
            """, cancellationToken);
        var current = await CurrentVersionAsync(connection, transaction, cancellationToken) ?? 0;
        if (current > LatestVersion)
        {
            throw new SchemaVersionException(NewerMessage(current));
        }

        var applied = new List<int>();
        foreach (var (version, name, sql) in Scripts.Value.Where(s => s.Version > current))
        {
            await ExecuteAsync(connection, transaction, sql, cancellationToken);
            await using var record = new NpgsqlCommand($"INSERT INTO {SchemaName}.schema_migrations (version, name) VALUES ($1, $2)", connection, transaction)
            {
                Parameters = { new() { Value = version }, new() { Value = name } },
            };
            await record.ExecuteNonQueryAsync(cancellationToken);
            applied.Add(version);
        }

        await transaction.CommitAsync(cancellationToken);
        return applied;
    }

    /// <summary>Answers the database's schema version, or throws <see cref="SchemaVersionException"/> if it is not the one this build knows.</summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var current = await CurrentVersionAsync(connection, null, cancellationToken);
        return current switch
        {
            null => throw new SchemaVersionException(
                $"The database has no {SchemaName} schema. Run `calsync db migrate` with AppointmentData__ConnectionString set " +
                "(or set AppointmentData__MigrateOnStart to true) to create it."),
            var v when v < LatestVersion => throw new SchemaVersionException(
                $"The database's {SchemaName} schema is at version {v}; this build needs version {LatestVersion}. Run `calsync db migrate` " +
                "(or set AppointmentData__MigrateOnStart to true) to upgrade it."),
            var v when v > LatestVersion => throw new SchemaVersionException(NewerMessage(v.Value)),
            var v => v.Value,
        };
    }

    private static string NewerMessage(int version) =>
        $"The database's {SchemaName} schema is at version {version}, newer than this build knows ({LatestVersion}): a newer " +
        "CalendarSync migrated it. Deploy that version; this one refuses to read or write a schema it does not know.";

    private static async Task<int?> CurrentVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand($"SELECT to_regclass('{SchemaName}.schema_migrations') IS NOT NULL", connection, transaction);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
        {
            return null;
        }

        await using var max = new NpgsqlCommand($"SELECT max(version) FROM {SchemaName}.schema_migrations", connection, transaction);
        return await max.ExecuteScalarAsync(cancellationToken) is int version ? version : 0;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<(int, string, string)> LoadScripts()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var scripts = new List<(int Version, string Name, string Sql)>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (ScriptName().Match(resource) is { Success: true } match)
            {
                using var stream = assembly.GetManifestResourceStream(resource)!;
                using var reader = new StreamReader(stream);
                scripts.Add((int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd()));
            }
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        if (scripts.Count == 0 || scripts.Select((s, i) => s.Version != i + 1).Any(gap => gap))
        {
            throw new InvalidOperationException($"The schema scripts in {assembly.GetName().Name} must be numbered 1, 2, 3… without gaps.");
        }

        return [.. scripts];
    }

    [GeneratedRegex(@"\.Schema\.(\d{4})_([a-z0-9_]+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex ScriptName();
}
