using System.ComponentModel.DataAnnotations;

namespace CalendarSync.Core.Runs;

/// <summary>How the queue's sync runs share a staff member: the lease, and how long a request waits for a running sync.</summary>
public sealed class SyncProcessorOptions
{
    /// <summary>Longer than a run's time budget, so a live run never loses its lease; a crashed run's frees itself after it.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:30:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan DeferDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Connections read per page by the sweep; each page is queued as a batch.</summary>
    [Range(1, 1000)]
    public int SweepPageSize { get; set; } = 500;
}
