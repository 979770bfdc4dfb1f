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

    /// <summary>
    /// Staff members one sweep message names (<see cref="SyncRequestPage"/>): a queue operation per this many staff
    /// members instead of one each, and few enough that a page's runs end well inside the function's time limit.
    /// </summary>
    [Range(1, SyncRequestPage.MaxStaff, ErrorMessage = "Sync__SweepMessageSize must be 1 to 64.")]
    public int SweepMessageSize { get; set; } = 16;

    /// <summary>Runs of one page message under way at once; the queue trigger runs several messages at once besides.</summary>
    [Range(1, 16, ErrorMessage = "Sync__SweepMessageParallelism must be 1 to 16.")]
    public int SweepMessageParallelism { get; set; } = 4;

    /// <summary>
    /// A page's member starts only this long after the page did; the rest are queued again one by one. So a page ends
    /// within this plus one run's budget however slow its members, inside the function's ten-minute limit.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Sync__SweepMessageStartWindow must be 00:00:01 to 00:05:00.")]
    public TimeSpan SweepMessageStartWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a received message may take before another consumer should see it again: its last run starts within
    /// <see cref="SweepMessageStartWindow"/> and holds its lease at most <see cref="LeaseDuration"/>.
    /// </summary>
    public TimeSpan MessageVisibility => SweepMessageStartWindow + LeaseDuration;
}
