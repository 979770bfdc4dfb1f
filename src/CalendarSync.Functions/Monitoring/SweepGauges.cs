using Azure;
using Azure.Storage.Queues;
using CalendarSync.Azure.Sync;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Functions.Monitoring;

/// <summary>
/// The two gauges the sweep reports for the alerts (docs/monitoring.md): connections waiting for their staff member to
/// reconnect, and messages in the poison queue. Operators' numbers only, so they are read here and not in Core.
/// </summary>
public sealed class SweepGauges(
    IConnectionStore connections, QueueServiceClient queues, SyncQueueNames queueNames, SyncTelemetry telemetry, ILogger<SweepGauges> logger)
{
    private const int PageSize = 1000;

    public async Task ReportAsync(CancellationToken cancellationToken)
    {
        int reauthRequired;
        long poisonMessages;
        try
        {
            reauthRequired = await CountReauthRequiredAsync(cancellationToken);
            poisonMessages = await CountPoisonMessagesAsync(cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            // The gauges go quiet for one sweep; the sweep itself has done its work already.
            logger.LogWarning(ex, "The sweep could not read its gauges (connections needing reconnect, poison messages)");
            return;
        }

        telemetry.SweepGauges(reauthRequired, poisonMessages);
    }

    private async Task<int> CountReauthRequiredAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        string? continuation = null;
        do
        {
            var page = await connections.ListAllAsync(continuation, PageSize, cancellationToken);
            count += page.Items.Count(r => r.Connection.Status == ConnectionStatus.ReauthRequired);
            continuation = page.Continuation;
        }
        while (continuation is not null);

        return count;
    }

    private async Task<long> CountPoisonMessagesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var properties = await queues.GetQueueClient(queueNames.Poison).GetPropertiesAsync(cancellationToken);
            return properties.Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The host creates the poison queue when it first moves a message there: none yet, nothing poisoned.
            return 0;
        }
    }
}
