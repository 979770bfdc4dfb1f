using CalendarSync.Core.Runs;

namespace CalendarSync.Core.Sync;

/// <summary>
/// A staff member's control row as one read: the sync state, the lease on it if any (held or expired), and the row's
/// version, at which a run takes the lease (<see cref="ISyncStateStore.TryAcquireAsync(SyncControl, TimeSpan, CancellationToken)"/>):
/// a run that takes it knows the state it read is the state now.
/// </summary>
public sealed record SyncControl(SyncState State, SyncLease? Lease, string? Version)
{
    public static SyncControl Initial(string staffId) => new(SyncState.Initial(staffId), null, null);

    /// <summary>Someone holds the lease at <paramref name="now"/>: a run is under way (or a disconnect, or a reset).</summary>
    public bool IsHeldAt(DateTimeOffset now) => Lease is { } lease && lease.ExpiresAt > now;
}
