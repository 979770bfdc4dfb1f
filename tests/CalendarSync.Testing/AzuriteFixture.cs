using CalendarSync.Cli.StandIns;
using Xunit;

namespace CalendarSync.Testing;

/// <summary>
/// Azurite in memory on free loopback ports, started once per test assembly and stopped after it.
/// Register it with <c>[assembly: AssemblyFixture(typeof(AzuriteFixture))]</c>.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    /// <summary>A connection string for the Azure SDK clients, pointing at this instance.</summary>
    public string ConnectionString =>
        _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    public async ValueTask InitializeAsync() => _azurite = await AzuriteProcess.StartAsync(RepositoryRoot.Path);

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
