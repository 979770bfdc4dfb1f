namespace CalendarSync.Core.Connections;

/// <summary>Pending consents, each usable once (issue 6's storage implements it).</summary>
public interface IPendingAuthorizationStore
{
    Task SaveAsync(PendingAuthorization pending, CancellationToken cancellationToken);

    /// <summary>
    /// Removes and returns the pending consent of <paramref name="nonce"/>, atomically: of two callbacks with the same
    /// state, at most one gets it. Null when there is none (never issued, used already, or cleaned up).
    /// </summary>
    Task<PendingAuthorization?> TryConsumeAsync(string nonce, CancellationToken cancellationToken);
}
