using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace CalendarSync.Functions.Tests.Hostile;

/// <summary>
/// What is stored, as lines to compare: every entity (with its timestamp, so a rewrite shows) of the tables under a
/// prefix, every message of some queues, and every event ever stored in some emulator calendars (with their etags).
/// </summary>
internal sealed record StorageSnapshot(IReadOnlyList<string> Lines)
{
    public static async Task<StorageSnapshot> TakeAsync(
        string connectionString, string tablePrefix, IEnumerable<string> queues, Uri emulator, IEnumerable<string> calendars,
        CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var service = new TableServiceClient(connectionString);
        await foreach (var table in service.QueryAsync(cancellationToken: cancellationToken))
        {
            if (!table.Name.StartsWith(tablePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            await foreach (var entity in service.GetTableClient(table.Name).QueryAsync<TableEntity>(cancellationToken: cancellationToken))
            {
                var columns = entity.Keys.Order(StringComparer.Ordinal)
                    .Select(k => k + "=" + Convert.ToString(entity[k] is DateTimeOffset d ? d.UtcTicks : entity[k], CultureInfo.InvariantCulture));
                lines.Add($"table {table.Name}: " + string.Join("; ", columns));
            }
        }

        foreach (var name in queues)
        {
            var queue = new QueueClient(connectionString, name);
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            var count = (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
            lines.Add($"queue {name}: {count} messages");
            foreach (var message in (await queue.PeekMessagesAsync(32, cancellationToken)).Value)
            {
                lines.Add($"queue {name}: {message.MessageId} {message.Body}");
            }
        }

        using var http = new HttpClient { BaseAddress = emulator };
        foreach (var calendar in calendars)
        {
            var events = JsonNode.Parse(await http.GetStringAsync($"emulator/calendars/{Uri.EscapeDataString(calendar)}/events", cancellationToken))!;
            lines.AddRange(events["items"]!.AsArray().Select(e => $"calendar {calendar}: {e!.ToJsonString()}"));
        }

        return new StorageSnapshot(lines);
    }

    /// <summary>Fails listing what appeared and what went, unless that is exactly what <paramref name="gone"/> allows to go.</summary>
    public void AssertSameAs(StorageSnapshot before, string what, Func<string, bool>? gone = null)
    {
        var added = Lines.Except(before.Lines).ToList();
        var removed = before.Lines.Except(Lines).Where(line => gone?.Invoke(line) != true).ToList();
        if (added.Count > 0 || removed.Count > 0)
        {
            throw new Xunit.Sdk.XunitException(
                $"Stored data changed ({what}).\nAppeared:\n  " + string.Join("\n  ", added) + "\nWent:\n  " + string.Join("\n  ", removed));
        }
    }
}
