namespace CalendarSync.Azure;

/// <summary>Retention periods of what the app keeps in storage (<c>Sync__SyncLogRetentionDays</c>, <c>Sync__TombstoneRetentionDays</c>).</summary>
public sealed class AzureStorageOptions
{
    public int SyncLogRetentionDays { get; set; } = 30;

    /// <summary>
    /// Delete tombstones older than this are purged. A staff member not synced for longer would miss those deletes, so it
    /// stays well above the longest outage a connection can have before it is reconnected (and fully listed) anyway.
    /// </summary>
    public int TombstoneRetentionDays { get; set; } = 90;
}
