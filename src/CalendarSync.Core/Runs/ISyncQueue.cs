namespace CalendarSync.Core.Runs;

/// <summary>The <c>calendar-sync</c> queue (an Azure Storage queue in CalendarSync.Azure).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "It is the sync queue; the name says so.")]
public interface ISyncQueue
{
    /// <summary>Queues a request; <paramref name="delay"/> keeps it invisible that long (a deferred retry).</summary>
    Task EnqueueAsync(SyncRequest request, TimeSpan? delay, CancellationToken cancellationToken);

    /// <summary>Queues pages of requests (a message each), several at a time, so that a sweep of thousands takes a second.</summary>
    Task EnqueuePagesAsync(IEnumerable<SyncRequestPage> pages, CancellationToken cancellationToken);

    /// <summary>Puts a message that cannot be processed on the poison queue as it came, so it is kept for operators without being retried.</summary>
    Task MoveToPoisonAsync(string rawMessage, CancellationToken cancellationToken);
}
