using Azure.Storage.Queues;
using CalendarSync.Core.Runs;

namespace CalendarSync.Azure.Sync;

/// <summary>
/// The <c>calendar-sync</c> queue and its poison queue on Azure Storage. The client must encode messages as base64
/// (<see cref="QueueMessageEncoding.Base64"/>), as the Functions queue trigger expects; the registration sets that.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "It is the sync queue; the name says so.")]
public sealed class StorageSyncQueue(QueueServiceClient service, SyncQueueNames names) : ISyncQueue
{
    /// <summary>Sends at a time in a sweep: enough to enqueue 10,000 in seconds, few enough not to exhaust sockets.</summary>
    private const int Parallelism = 32;

    private readonly QueueClient _queue = service.GetQueueClient(names.Queue);
    private readonly QueueClient _poison = service.GetQueueClient(names.Poison);
    private readonly Lazy<Task> _created = new(() => CreateAsync(service, names));

    public async Task EnqueueAsync(SyncRequest request, TimeSpan? delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _created.Value.WaitAsync(cancellationToken);
        await _queue.SendMessageAsync(request.ToJson(), delay, cancellationToken: cancellationToken);
    }

    public async Task EnqueuePagesAsync(IEnumerable<SyncRequestPage> pages, CancellationToken cancellationToken)
    {
        await _created.Value.WaitAsync(cancellationToken);
        await Parallel.ForEachAsync(
            pages,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (page, token) => await _queue.SendMessageAsync(page.ToJson(), cancellationToken: token));
    }

    public async Task MoveToPoisonAsync(string rawMessage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rawMessage);
        await _created.Value.WaitAsync(cancellationToken);
        await _poison.SendMessageAsync(rawMessage, cancellationToken);
    }

    // The Bicep creates both queues in Azure; Azurite starts empty.
    private static async Task CreateAsync(QueueServiceClient service, SyncQueueNames names)
    {
        await service.GetQueueClient(names.Queue).CreateIfNotExistsAsync();
        await service.GetQueueClient(names.Poison).CreateIfNotExistsAsync();
    }
}
