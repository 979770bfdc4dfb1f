using System.Globalization;
using Azure;
using Azure.Data.Tables;
using CalendarSync.Core.Domain;
using CalendarSync.Core.History;

namespace CalendarSync.Azure.Storage;

/// <summary>
/// Item history as rows of the partition that holds what they describe (<c>history|{kind}:{id}|{inverted time}|{n}</c>),
/// so an entry is written in the same entity group transaction as its write, and an item's entries read newest first as
/// one range scan.
/// </summary>
internal static class HistoryRows
{
    private const string Prefix = "history|";

    public static TableTransactionAction Add(string partition, ItemHistoryEntry entry) => new(
        TableTransactionActionType.Add,
        new TableEntity(partition, RowKey(entry))
        {
            ["Key"] = entry.Key.ToString(),
            ["At"] = entry.At,
            ["Action"] = entry.Action.ToString(),
            ["EventId"] = entry.EventId,
            ["Reason"] = entry.Reason,
        });

    public static async Task<IReadOnlyList<ItemHistoryEntry>> ReadAsync(
        TableClient table, string partition, ItemKey key, int limit, CancellationToken cancellationToken)
    {
        var from = $"{Prefix}{key}|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {from} and RowKey lt {from + "~"}");
        var entries = new List<ItemHistoryEntry>(Math.Min(limit, 1000));
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, 1000), cancellationToken: cancellationToken))
        {
            entries.Add(new ItemHistoryEntry(
                ItemKey.Parse(row.GetString("Key")), row.GetDateTimeOffset("At") ?? default,
                Enum.TryParse<ItemHistoryAction>(row.GetString("Action"), out var action) ? action : ItemHistoryAction.Skipped,
                row.GetString("EventId"), row.GetString("Reason") ?? string.Empty));
            if (entries.Count == limit)
            {
                break;
            }
        }

        return entries;
    }

    /// <summary>Deletes every history row of the table written before <paramref name="cutoff"/>, a partition's hundred at a time.</summary>
    public static async Task<int> PurgeAsync(TableClient table, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey gt {Prefix} and RowKey lt {Prefix + "~"} and At lt {cutoff}");
        var purged = 0;
        await foreach (var page in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).AsPages())
        {
            foreach (var batch in page.Values.GroupBy(e => e.PartitionKey).SelectMany(g => g.Chunk(TableBatch.MaxOperations)))
            {
                await table.SubmitTransactionAsync(
                    batch.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken);
                purged += batch.Length;
            }
        }

        return purged;
    }

    /// <summary>The item key is validated by Core's id rule; the time and a random suffix keep entries of one instant apart.</summary>
    private static string RowKey(ItemHistoryEntry entry) => $"{Prefix}{entry.Key}|{Inverted(entry.At)}|{Guid.NewGuid():N}";

    private static string Inverted(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
}
