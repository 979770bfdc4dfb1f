namespace CalendarSync.Core.Connections;

/// <summary>Connect links and pending consents, each usable once, gone once expired.</summary>
public interface IPendingAuthorizationStore
{
    Task SaveAsync(PendingAuthorization pending, CancellationToken cancellationToken);

    /// <summary>The unexpired pending entry of <paramref name="nonce"/>, left in place; null when there is none.</summary>
    Task<PendingAuthorization?> GetAsync(string nonce, CancellationToken cancellationToken);

    /// <summary>
    /// Removes and returns the pending entry of <paramref name="nonce"/>, atomically: of two callbacks with the same
    /// state, at most one gets it. Null when there is none (never issued, used already, expired, or purged).
    /// </summary>
    Task<PendingAuthorization?> TryConsumeAsync(string nonce, CancellationToken cancellationToken);

    /// <summary>Deletes every entry that expired before <paramref name="now"/>; answers how many.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
