using CalendarSync.Cli.StandIns;
using CalendarSync.Testing;

namespace CalendarSync.Cli.Tests.Serve;

/// <summary>
/// The store a served app's tests run on, by name (<c>Table</c> or <c>PostgreSql</c>), and the storage account of the
/// app's own bookkeeping. On PostgreSQL an Azurite of its own: the sweeps of the other tests sync every connection in the
/// shared Azurite with Table Storage, and could not read a PostgreSQL sync state.
/// </summary>
internal sealed record ServedStore(string ConnectionString, AzuriteProcess? Process) : IAsyncDisposable
{
    public static async Task<ServedStore> StartAsync(string store, AzuriteFixture azurite, CancellationToken cancellationToken)
    {
        if (store == "Table")
        {
            return new ServedStore(azurite.ConnectionString, null);
        }

        var process = await AzuriteProcess.StartAsync(RepositoryRoot.Path, cancellationToken: cancellationToken);
        return new ServedStore(process.ConnectionString, process);
    }

    /// <summary>The app's settings for the store: none for Table Storage; a database of its own on the PostgreSQL server.</summary>
    public static async Task<IReadOnlyDictionary<string, string>?> SettingsAsync(string store, PostgresFixture postgres, CancellationToken cancellationToken) =>
        store == "Table" ? null : new Dictionary<string, string>
        {
            ["AppointmentData__Provider"] = "PostgreSql",

            // Trust authentication never asks for it; without one calsync would sign in with an Entra ID token.
            ["AppointmentData__ConnectionString"] = await postgres.CreateDatabaseAsync(cancellationToken) + ";Password=local",
            ["AppointmentData__MigrateOnStart"] = "true",
        };

    public async ValueTask DisposeAsync()
    {
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }
    }
}
