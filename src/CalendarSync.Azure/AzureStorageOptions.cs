namespace CalendarSync.Azure;

/// <summary>Queue names and retention periods (<c>Sync__SyncLogRetentionDays</c>, <c>Sync__TombstoneRetentionDays</c>).</summary>
public sealed class AzureStorageOptions
{
    public string QueueName { get; set; } = "calendar-sync";

    /// <summary>The Functions host's name for the queue's poison queue; ours moves malformed messages there too.</summary>
    public string PoisonQueueName { get; set; } = "calendar-sync-poison";

    public int SyncLogRetentionDays { get; set; } = 30;

    /// <summary>
    /// Delete tombstones older than this are purged. A staff member not synced for longer would miss those deletes, so it
    /// stays well above the longest outage a connection can have before it is reconnected (and fully listed) anyway.
    /// </summary>
    public int TombstoneRetentionDays { get; set; } = 90;
}
