namespace CalendarSync.Core.Runs;

/// <summary>
/// One mark per staff member, "a push sync is queued and has not started", kept with plain conditional writes: what a
/// mark means (and when it no longer counts) is decided by <see cref="Connections.PushNotificationService"/> and
/// <see cref="SyncRequestProcessor"/>.
/// </summary>
public interface IWaitingPushSyncStore
{
    /// <summary>The staff member's mark as stored, expired or not; null if there is none.</summary>
    Task<WaitingPushSync?> FindAsync(string staffId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the mark if it is still as the caller read it: absent when <paramref name="replacing"/> is null, else
    /// unchanged since <paramref name="replacing"/>. Null when someone else wrote or cleared it first.
    /// </summary>
    Task<WaitingPushSync?> TryMarkAsync(string staffId, DateTimeOffset expiresAt, WaitingPushSync? replacing, CancellationToken cancellationToken);

    /// <summary>Removes the mark, whatever it holds; nothing if there is none.</summary>
    Task ClearAsync(string staffId, CancellationToken cancellationToken);
}
