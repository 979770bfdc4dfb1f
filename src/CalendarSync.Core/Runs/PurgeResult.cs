namespace CalendarSync.Core.Runs;

/// <summary>What one purge removed.</summary>
public sealed record PurgeResult(int Tombstones, int SyncLogRows, int ExpiredConsents)
{
    public int ItemHistoryEntries { get; init; }
}
