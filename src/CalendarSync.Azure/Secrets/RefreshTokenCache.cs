using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace CalendarSync.Azure.Secrets;

/// <summary>Refresh tokens this instance read or wrote, by secret name, each trusted for a bounded time.</summary>
internal sealed class RefreshTokenCache(TimeSpan lifetime, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _nextSweepTicks;

    public bool TryGet(string secretName, [NotNullWhen(true)] out string? refreshToken)
    {
        var now = timeProvider.GetUtcNow();
        SweepWhenDue(now);
        if (_entries.TryGetValue(secretName, out var entry) && entry.ExpiresAt > now)
        {
            refreshToken = entry.RefreshToken;
            return true;
        }

        refreshToken = null;
        return false;
    }

    public void Set(string secretName, string refreshToken)
    {
        if (lifetime > TimeSpan.Zero)
        {
            _entries[secretName] = new Entry(refreshToken, timeProvider.GetUtcNow() + lifetime);
        }
    }

    public void Remove(string secretName) => _entries.TryRemove(secretName, out _);

    // Entries nobody asks for again (a staff member who disconnected, or whose syncs run on other
    // instances) would otherwise stay in memory for the life of the instance.
    private void SweepWhenDue(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, (now + lifetime).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var (name, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                _entries.TryRemove(KeyValuePair.Create(name, entry));
            }
        }
    }

    private readonly record struct Entry(string RefreshToken, DateTimeOffset ExpiresAt);
}
