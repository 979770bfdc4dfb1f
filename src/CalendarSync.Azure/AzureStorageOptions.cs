namespace CalendarSync.Azure;

/// <summary>Retention periods of what the app keeps in storage (<c>Sync__SyncLogRetentionDays</c>, <c>Sync__TombstoneRetentionDays</c>, <c>Sync__ItemHistoryRetentionDays</c>).</summary>
public sealed class AzureStorageOptions
{
    public int SyncLogRetentionDays { get; set; } = 30;

    /// <summary>
    /// Delete tombstones older than this are purged. A staff member not synced for longer would miss those deletes, so it
    /// stays well above the longest outage a connection can have before it is reconnected (and fully listed) anyway.
    /// </summary>
    public int TombstoneRetentionDays { get; set; } = 90;

    /// <summary>Entries of an item's history (<c>calsync explain</c>) older than this are purged.</summary>
    public int ItemHistoryRetentionDays { get; set; } = 90;
}
