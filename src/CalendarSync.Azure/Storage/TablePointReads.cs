using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace CalendarSync.Azure.Storage;

/// <summary>
/// Rows of one partition read by their keys, all at once: point reads are the cheapest read Table Storage has (on Azure
/// and on Azurite, where every query scans the whole table), and a page's worth is one round trip however many.
/// </summary>
internal static class TablePointReads
{
    private const int Parallel = 32;

    /// <summary>The rows of <paramref name="rowKeys"/> that exist, by row key; only <paramref name="select"/>'s columns when given.</summary>
    public static async Task<IReadOnlyDictionary<string, TableEntity>> ReadAsync(
        TableClient table, string partition, IEnumerable<string> rowKeys, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        var found = new ConcurrentDictionary<string, TableEntity>(StringComparer.Ordinal);
        var columns = select?.ToList();
        await System.Threading.Tasks.Parallel.ForEachAsync(
            rowKeys.Distinct(StringComparer.Ordinal), new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = cancellationToken },
            async (row, token) =>
            {
                var read = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, columns, token);
                if (read.HasValue && read.Value is { } entity)
                {
                    found[row] = entity;
                }
            });
        return found;
    }
}
