using System.Collections.Concurrent;
using CalendarSync.Core.Connections;

namespace CalendarSync.Testing;

/// <summary>Refresh tokens in memory, counting reads and writes, for tests whose subject is not Key Vault.</summary>
public sealed class InMemoryRefreshTokenStore : IRefreshTokenStore
{
    public ConcurrentDictionary<string, string> Tokens { get; } = new();

    private int _writes;
    private int _reads;

    public int Writes => _writes;

    public int Reads => _reads;

    public Task<string?> GetAsync(string staffId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult(Tokens.TryGetValue(staffId, out var token) ? token : null);
    }

    public Task SetAsync(string staffId, string refreshToken, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _writes);
        Tokens[staffId] = refreshToken;
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string staffId, CancellationToken cancellationToken)
    {
        Tokens.TryRemove(staffId, out _);
        return Task.CompletedTask;
    }
}
