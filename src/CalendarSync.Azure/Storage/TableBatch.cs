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

    public static Task SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken) =>
        SubmitAsync(table, actions.Select(action => (action, (IReadOnlyList<TableTransactionAction>)[])), cancellationToken);

    /// <summary>
    /// As <see cref="SubmitAsync(TableClient, IEnumerable{TableTransactionAction}, CancellationToken)"/>, each write with rows
    /// that go in the same transaction as it (its history: rows of the same partition, never written twice). A write
    /// replaced by a later one of the same row hands its rows on to that one, so none is lost.
    /// </summary>
    public static async Task SubmitAsync(
        TableClient table, IEnumerable<(TableTransactionAction Write, IReadOnlyList<TableTransactionAction> With)> writes, CancellationToken cancellationToken)
    {
        var last = new Dictionary<(string, string), List<TableTransactionAction>>();
        foreach (var (write, with) in writes)
        {
            var row = (write.Entity.PartitionKey, write.Entity.RowKey);
            var carried = last.Remove(row, out var earlier) ? earlier.Skip(1) : [];
            last[row] = [write, .. carried, .. with];
        }

        var chunks = new List<List<TableTransactionAction>>();
        foreach (var partition in last.Values.GroupBy(group => group[0].Entity.PartitionKey, StringComparer.Ordinal))
        {
            var chunk = new List<TableTransactionAction>(MaxOperations);
            foreach (var group in partition)
            {
                if (chunk.Count + group.Count > MaxOperations)
                {
                    chunks.Add(chunk);
                    chunk = new List<TableTransactionAction>(MaxOperations);
                }

                chunk.AddRange(group);
            }

            chunks.Add(chunk);
        }

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
                ex.Status == 404 && ex.FailedTransactionActionIndex is int failed
                && chunk[failed].ActionType is TableTransactionActionType.Delete or TableTransactionActionType.UpdateMerge)
            {
                // Removing a row that is not there is done already, and amending one is moot; a transaction fails whole
                // for it, so it goes without.
                chunk.RemoveAt(failed);
            }
        }
    }
}
