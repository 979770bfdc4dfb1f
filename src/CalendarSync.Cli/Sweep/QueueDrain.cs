using System.Diagnostics;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CalendarSync.Azure.Sync;
using CalendarSync.Cli.Hosting;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;

namespace CalendarSync.Cli.Sweep;

/// <summary>
/// Drains the <c>calendar-sync</c> queue in-process with the queue function's handler (<see cref="ISyncRequestProcessor"/>),
/// as the Functions host runs it: at most <see cref="QueueHostOptions.BatchSize"/> at a time; a message is deleted only
/// after it was processed; one that throws becomes visible again after the visibility timeout with its dequeue count
/// grown, and at <see cref="QueueHostOptions.MaxDequeueCount"/> moves to the poison queue. A received message stays
/// invisible for <see cref="SyncProcessorOptions.MessageVisibility"/> (a page's last run starts within its start window
/// and holds a lease), so if calsync is killed it comes back when every lease it may hold has expired, and a page comes
/// back whole: its members that ran find nothing to do, the rest run.
/// </summary>
internal sealed class QueueDrain(
    QueueServiceClient service,
    SyncQueueNames names,
    ISyncRequestProcessor processor,
    SyncProcessorOptions processing,
    QueueHostOptions host)
{
    private const int MaxReceive = 32;

    /// <summary>Messages visible now, approximately, for a progress bar.</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        var queue = service.GetQueueClient(names.Queue);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        return (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
    }

    /// <summary>
    /// Processes messages until none is visible and none is in flight; <paramref name="handled"/> hears of each.
    /// <paramref name="process"/> handles a message instead of the processor (<c>calsync serve</c>: the queue function
    /// itself, through the app's middleware); what it throws is a failed try.
    /// </summary>
    public async Task<IReadOnlyList<DrainedMessage>> DrainAsync(
        Action<DrainedMessage>? handled, CancellationToken cancellationToken, Func<string, CancellationToken, Task<IReadOnlyList<RunReport>>>? process = null)
    {
        process ??= async (text, token) => [.. (await processor.ProcessAsync(text, token)).Select(RunReport.From)];
        var queue = service.GetQueueClient(names.Queue);
        var poison = service.GetQueueClient(names.Poison);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        var drained = new List<DrainedMessage>();
        var running = new List<Task<DrainedMessage>>();
        while (true)
        {
            foreach (var finished in running.Where(t => t.IsCompleted).ToList())
            {
                running.Remove(finished);
                var message = await finished;
                drained.Add(message);
                handled?.Invoke(message);
            }

            var room = host.BatchSize - running.Count;
            if (room > 0)
            {
                QueueMessage[] received = await queue.ReceiveMessagesAsync(
                    Math.Min(room, MaxReceive), processing.MessageVisibility, cancellationToken);
                running.AddRange(received.Select(m => HandleAsync(queue, poison, m, process, cancellationToken)));
                if (received.Length > 0)
                {
                    continue;
                }
            }

            if (running.Count == 0)
            {
                return drained;
            }

            await Task.WhenAny(running);
        }
    }

    private async Task<DrainedMessage> HandleAsync(
        QueueClient queue, QueueClient poison, QueueMessage message, Func<string, CancellationToken, Task<IReadOnlyList<RunReport>>> process, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();

        // A message that came back more often than allowed (its processing killed the process each time) is not tried again.
        if (message.DequeueCount > host.MaxDequeueCount)
        {
            await MoveToPoisonAsync(queue, poison, message, cancellationToken);
            return new DrainedMessage(message.MessageId, message.DequeueCount, MessageFate.Poisoned, [],
                $"dequeued {message.DequeueCount} times, more than the {host.MaxDequeueCount} allowed", Stopwatch.GetElapsedTime(started));
        }

        try
        {
            // Deleted only once every staff member it names has run or been queued again alone: at least once, never lost.
            var reports = await process(message.MessageText, cancellationToken);
            await DeleteAsync(queue, message, cancellationToken);
            return new DrainedMessage(message.MessageId, message.DequeueCount, MessageFate.Done, reports, null, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // As the Functions host: any exception from the function is a failed try.
            var fate = MessageFate.Poisoned;
            if (message.DequeueCount >= host.MaxDequeueCount)
            {
                await MoveToPoisonAsync(queue, poison, message, cancellationToken);
            }
            else
            {
                fate = MessageFate.Retrying;
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, messageText: null, host.VisibilityTimeout, cancellationToken);
            }

            return new DrainedMessage(message.MessageId, message.DequeueCount, fate, ex is SyncException failure ? [RunReport.From(failure)] : [],
                $"{ex.GetType().Name}: {ex.Message}", Stopwatch.GetElapsedTime(started));
        }
    }

    // Copied first, then deleted: a kill between the two leaves a copy on each queue, never none.
    private static async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken cancellationToken)
    {
        await poison.SendMessageAsync(message.MessageText, cancellationToken);
        await DeleteAsync(queue, message, cancellationToken);
    }

    private static async Task DeleteAsync(QueueClient queue, QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The message outlived its invisibility and was taken by another consumer, whose delete it is now.
        }
    }
}
