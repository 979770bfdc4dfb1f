using Azure.Data.Tables;

namespace CalendarSync.Azure.Storage;

/// <summary>
/// Writes many rows of one partition as entity group transactions: up to 100 operations a round trip, a few transactions
/// at once. A row written twice keeps its last write (a transaction may not name a row twice).
/// </summary>
internal static class TableBatch
{
    /// <summary>The most operations Table Storage takes in one transaction.</summary>
    public const int MaxOperations = 100;

    private const int Parallel = 4;

    public static async Task SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var last = new Dictionary<(string, string), TableTransactionAction>();
        foreach (var action in actions)
        {
            last.Remove((action.Entity.PartitionKey, action.Entity.RowKey));
            last[(action.Entity.PartitionKey, action.Entity.RowKey)] = action;
        }

        var chunks = last.Values.GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal).SelectMany(p => p.Chunk(MaxOperations)).ToList();
        await System.Threading.Tasks.Parallel.ForEachAsync(
            chunks, new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = cancellationToken },
            async (chunk, token) => await SubmitChunkAsync(table, [.. chunk], token));
    }

    private static async Task SubmitChunkAsync(TableClient table, List<TableTransactionAction> chunk, CancellationToken cancellationToken)
    {
        while (chunk.Count > 0)
        {
            try
            {
                await table.SubmitTransactionAsync(chunk, cancellationToken);
                return;
            }
            catch (TableTransactionFailedException ex) when (
                ex.Status == 404 && ex.FailedTransactionActionIndex is int failed && chunk[failed].ActionType == TableTransactionActionType.Delete)
            {
                // Removing a row that is not there is done already; a transaction fails whole for it, so it goes without.
                chunk.RemoveAt(failed);
            }
        }
    }
}
