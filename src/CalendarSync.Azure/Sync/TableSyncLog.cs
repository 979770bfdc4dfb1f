using System.Globalization;
using Azure;
using Azure.Data.Tables;
using CalendarSync.Azure.Storage;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;

namespace CalendarSync.Azure.Sync;

/// <summary>
/// The <c>SyncLog</c> table: partition the staff id, row key the run's start as inverted ticks (newest first in the
/// table's own order) plus a short random suffix, so two runs starting in the same tick never collide.
/// </summary>
public sealed class TableSyncLog(StorageTables tables) : ISyncLog
{
    /// <summary>Messages are cut here: a log row is a summary, and a row's string is at most 32K characters.</summary>
    private const int MaxMessageLength = 2000;

    public async Task WriteAsync(SyncRunResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.StartedAt.Year < 1601)
        {
            throw new ArgumentException("A logged run needs the time it started.", nameof(result));
        }

        var table = await Table(cancellationToken);
        var message = result.Message is { Length: > MaxMessageLength } text ? text[..MaxMessageLength] : result.Message;
        await table.AddEntityAsync(new TableEntity(TableKeys.Staff(result.StaffId), Inverted(result.StartedAt) + "-" + Guid.NewGuid().ToString("N")[..8])
        {
            ["StartedAt"] = result.StartedAt,
            ["DurationMs"] = result.Duration.TotalMilliseconds,
            ["Outcome"] = result.Outcome.ToString(),
            ["Created"] = result.Created,
            ["Updated"] = result.Updated,
            ["Deleted"] = result.Deleted,
            ["Imported"] = result.Imported,
            ["BlocksRemoved"] = result.BlocksRemoved,
            ["Conflicts"] = result.Conflicts.Count,
            ["Skipped"] = result.Skipped.Values.Sum(),
            ["FullResync"] = result.FullResync,
            ["ErrorKind"] = result.Error?.ToString(),
            ["Message"] = message,
        }, cancellationToken);
    }

    public async Task<SyncLogPage> ListAsync(string staffId, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var table = await Table(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Staff(staffId)}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(pageSize, 1000), cancellationToken: cancellationToken)
                           .AsPages(continuation, Math.Min(pageSize, 1000)))
        {
            return new SyncLogPage([.. page.Values.Select(ToEntry)], page.ContinuationToken);
        }

        return new SyncLogPage([], null);
    }

    public async Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);

        // Rows of runs started before the cutoff have larger inverted row keys; '~' sorts after every suffix.
        var filter = TableClient.CreateQueryFilter($"RowKey gt {Inverted(cutoff) + "-~"}");
        var purged = 0;
        await foreach (var page in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).AsPages())
        {
            foreach (var batch in page.Values.GroupBy(e => e.PartitionKey).SelectMany(g => g.Chunk(100)))
            {
                await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)),
                    cancellationToken);
                purged += batch.Length;
            }
        }

        return purged;
    }

    private static string Inverted(DateTimeOffset startedAt) =>
        (DateTimeOffset.MaxValue.UtcTicks - startedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    private static SyncLogEntry ToEntry(TableEntity row) => new(
        row.PartitionKey,
        row.GetDateTimeOffset("StartedAt") ?? default,
        TimeSpan.FromMilliseconds(row.GetDouble("DurationMs") ?? 0),
        Enum.Parse<SyncOutcome>(row.GetString("Outcome")),
        row.GetInt32("Created") ?? 0,
        row.GetInt32("Updated") ?? 0,
        row.GetInt32("Deleted") ?? 0,
        row.GetInt32("Imported") ?? 0,
        row.GetInt32("BlocksRemoved") ?? 0,
        row.GetInt32("Conflicts") ?? 0,
        row.GetInt32("Skipped") ?? 0,
        row.GetBoolean("FullResync") == true,
        row.GetString("ErrorKind") is { } error ? Enum.Parse<SyncErrorKind>(error) : null,
        row.GetString("Message"));

    private Task<TableClient> Table(CancellationToken cancellationToken) => tables.GetAsync(StorageTables.SyncLog, cancellationToken);
}
