using System.Net.Http.Json;
using CalendarSync.Emulator;
using Xunit;

namespace CalendarSync.Testing;

/// <summary>
/// The Google Calendar + OAuth emulator in-process on a free loopback port, started once per test assembly.
/// Register it with <c>[assembly: AssemblyFixture(typeof(EmulatorFixture))]</c>. Tests share it, so each
/// creates its own users (<c>CreateUserAsync</c>); a test that injects faults or resets starts its own
/// <see cref="EmulatorHost"/> instead.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private EmulatorHost? _host;

    public EmulatorHost Host => _host ?? throw new InvalidOperationException("The emulator has not started.");

    /// <summary>The origin of every path, ending in '/'.</summary>
    public Uri BaseUri => Host.BaseUri;

    public async ValueTask InitializeAsync() => _host = await EmulatorHost.StartAsync();

    public Task<EmulatorUser> CreateUserAsync(string? email = null, string timeZone = "Europe/Berlin", CancellationToken cancellationToken = default) =>
        CreateUserAsync(BaseUri, email, timeZone, cancellationToken);

    /// <summary>Creates a user on any emulator (email default: a fresh unique one), through <c>POST /emulator/users</c>.</summary>
    public static async Task<EmulatorUser> CreateUserAsync(
        Uri baseUri, string? email = null, string timeZone = "Europe/Berlin", CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = baseUri };
        email ??= $"staff-{Guid.NewGuid():N}@example.com";
        using var response = await http.PostAsJsonAsync("emulator/users", new { email, timeZone }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<EmulatorUser>(cancellationToken)
               ?? throw new InvalidOperationException("The emulator answered no user.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
