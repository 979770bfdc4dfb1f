using System.Collections.Concurrent;
using CalendarSync.Core.Connections;

namespace CalendarSync.Google.Tests.Fakes;

internal sealed class InMemoryRefreshTokenStore : IRefreshTokenStore
{
    public ConcurrentDictionary<string, string> Tokens { get; } = new();

    public int Writes { get; private set; }

    public int Reads { get; private set; }

    public Task<string?> GetAsync(string staffId, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(Tokens.TryGetValue(staffId, out var token) ? token : null);
    }

    public Task SetAsync(string staffId, string refreshToken, CancellationToken cancellationToken)
    {
        Writes++;
        Tokens[staffId] = refreshToken;
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string staffId, CancellationToken cancellationToken)
    {
        Tokens.TryRemove(staffId, out _);
        return Task.CompletedTask;
    }
}
