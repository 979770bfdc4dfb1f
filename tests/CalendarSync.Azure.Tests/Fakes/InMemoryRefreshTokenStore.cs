using System.Collections.Concurrent;
using CalendarSync.Core.Connections;

namespace CalendarSync.Azure.Tests.Fakes;

/// <summary>The scenario world's vault: the Key Vault store is another part of this issue, and not what these tests are about.</summary>
internal sealed class InMemoryRefreshTokenStore : IRefreshTokenStore
{
    public ConcurrentDictionary<string, string> Tokens { get; } = new();

    public Task<string?> GetAsync(string staffId, CancellationToken cancellationToken) =>
        Task.FromResult(Tokens.TryGetValue(staffId, out var token) ? token : null);

    public Task SetAsync(string staffId, string refreshToken, CancellationToken cancellationToken)
    {
        Tokens[staffId] = refreshToken;
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string staffId, CancellationToken cancellationToken)
    {
        Tokens.TryRemove(staffId, out _);
        return Task.CompletedTask;
    }
}
