using CalendarSync.Cli.Sweep;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Cli.Serve;

/// <summary>
/// The queue function on <c>calendar-sync</c>, as the queue trigger runs it: messages drained in batches with
/// host.json's batch size, visibility timeout and poison after <c>maxDequeueCount</c> (<see cref="QueueDrain"/>), each
/// handed to the function through the app's middleware; an empty queue is looked at again after a wait that doubles up
/// to <c>maxPollingInterval</c>, and a message brings the next look at once.
/// </summary>
internal sealed class QueueTrigger(
    FunctionCatalog catalog, FunctionInvoker invoker, QueueDrain drain, QueueHostOptions options, TimeProvider clock, ILogger<QueueTrigger> logger)
    : BackgroundService
{
    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var function = catalog.Queues.Single();
        var wait = FirstWait;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var drained = await drain.DrainAsync(
                    handled: null,
                    stoppingToken,
                    async (message, token) =>
                    {
                        await invoker.InvokeAsync(function, message, http: null, named: null, token);
                        return [];
                    });
                wait = drained.Count > 0 ? FirstWait : TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, options.MaxPollingInterval.Ticks));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (global::Azure.RequestFailedException ex)
            {
                // Storage unreachable for a moment: the trigger keeps listening.
                logger.LogWarning(ex, "The queue of {FunctionName} could not be read; trying again", function.Name);
                wait = options.MaxPollingInterval;
            }

            try
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
