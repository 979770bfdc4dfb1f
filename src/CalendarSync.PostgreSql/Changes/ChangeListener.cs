using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CalendarSync.PostgreSql.Changes;

/// <summary>
/// Seconds, not minutes: the schema's triggers send the staff id of every committed change on the channel
/// <c>calendar_sync_changes</c> (<c>''</c> for a closure, which reaches everyone); this listens on one connection of its own
/// and hands the staff ids heard within <see cref="Coalesce"/> to <c>queue</c> at once, which queues their syncs. A lost
/// connection is opened again; what it missed meanwhile the five-minute sweep syncs.
/// </summary>
public sealed class ChangeListener(
    NpgsqlDataSource dataSource, Func<IReadOnlyCollection<string>, CancellationToken, Task> queue, ILogger<ChangeListener> logger) : BackgroundService
{
    public const string Channel = "calendar_sync_changes";

    /// <summary>A burst of changes (an import, a day's bookings) becomes one sync per staff member.</summary>
    public static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (NpgsqlException ex)
            {
                logger.LogWarning(ex, "Listening for appointment data changes failed; trying again in {Delay}.", Reconnect);
                await Task.Delay(Reconnect, stoppingToken);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var heard = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        connection.Notification += (_, e) => heard.Add(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            // Notifications are raised on this task while it waits, so the set needs no lock.
            await connection.WaitAsync(stoppingToken);
            while (await connection.WaitAsync(Coalesce, stoppingToken))
            {
            }

            var staffIds = heard.ToList();
            heard.Clear();
            try
            {
                await queue(staffIds, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Whatever the queue's store threw, the listener outlives it: the sweep syncs these staff members anyway.
                logger.LogWarning(ex, "Queueing the syncs of {Count} changed staff members failed.", staffIds.Count);
            }
        }
    }
}
