using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using CalendarSync.Testing;
using Npgsql;

namespace CalendarSync.Cli.Tests.Commands;

/// <summary>
/// <c>calsync sync --dry-run</c> on Azurite, the emulator and a real PostgreSQL server: every table, every PostgreSQL row,
/// the calendar and its write log are as they were after it, and the run that follows does what it listed.
/// </summary>
public sealed class SyncDryRunTests(AzuriteFixture azurite, EmulatorFixture emulator, PostgresFixture postgres)
{
    [Fact]
    public async Task SyncDryRun_TableStorage_WritesNothingAndListsWhatTheRunThenDoes()
    {
        using var calsync = Calsync.On(azurite, emulator);

        await DryRunStoryAsync(calsync, () => Task.FromResult(string.Empty));
    }

    [Fact]
    public async Task SyncDryRun_PostgreSql_WritesNothingAndListsWhatTheRunThenDoes()
    {
        var connectionString = await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken) + ";Password=local";
        using var calsync = Calsync.On(azurite, emulator, new Dictionary<string, string>
        {
            ["AppointmentData__Provider"] = "PostgreSql",
            ["AppointmentData__ConnectionString"] = connectionString,
        });
        (await calsync.RunAsync("db", "migrate")).AssertSucceeded();

        var staffId = await DryRunStoryAsync(calsync, () => PostgresRowsAsync(connectionString));

        // Its sync state is of this database's feed: a sweep of this assembly's other tests, on Table Storage, must not meet it.
        (await calsync.RunAsync("disconnect", staffId)).AssertSucceeded();
    }

    [Fact]
    public async Task SyncDryRun_WithFull_IsRefused()
    {
        using var calsync = Calsync.On(azurite, emulator);

        var result = await calsync.RunAsync("sync", "anyone", "--dry-run", "--full");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot be combined with --full", result.Error, StringComparison.Ordinal);
    }

    private static async Task<string> DryRunStoryAsync(Calsync calsync, Func<Task<string>> storeRows)
    {
        var staffId = await calsync.ConnectNewStaffAsync();
        var day = DateTime.UtcNow.Date.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await PutAsync(calsync, staffId, "a1", $"{day}T09:00:00Z");
        await PutAsync(calsync, staffId, "a2", $"{day}T11:00:00Z");
        (await calsync.RunAsync("sync", staffId)).AssertSucceeded();

        await PutAsync(calsync, staffId, "a1", $"{day}T10:00:00Z");
        await PutAsync(calsync, staffId, "a3", $"{day}T13:00:00Z");
        (await calsync.RunAsync("appointments", "delete", staffId, "a2")).AssertSucceeded();
        var dentist = await calsync.AddGoogleEventAsync(staffId, new
        {
            summary = "Dentist",
            start = new { dateTime = $"{day}T15:00:00Z" },
            end = new { dateTime = $"{day}T16:00:00Z" },
        });

        var before = await SnapshotAsync(calsync, staffId, storeRows);
        var dryRun = await calsync.RunAsync("sync", staffId, "--dry-run", "--json");
        var table = await calsync.RunAsync("sync", staffId, "--dry-run");
        var after = await SnapshotAsync(calsync, staffId, storeRows);

        Assert.Equal(before, after);
        var plan = dryRun.AssertSucceeded().Json();
        var google = Writes(plan, "google");
        Assert.Equal(["create appointment:a3", "delete appointment:a2", "update appointment:a1"], google.Select(w => $"{w.Action} {w.Item}").Order());
        Assert.Equal([$"import block:g-{dentist}"], Writes(plan, "local").Select(w => $"{w.Action} {w.Item}"));
        Assert.Contains(plan.GetProperty("statuses").EnumerateArray(), s => s.GetProperty("item").GetString() == "appointment:a2"
            && s.GetProperty("action").GetString() == "remove");
        Assert.Contains("Dentist", table.AssertSucceeded().Output, StringComparison.Ordinal);
        Assert.Contains("nothing written", table.Output, StringComparison.Ordinal);

        var writesBefore = await GoogleWritesAsync(calsync, staffId);
        var run = (await calsync.RunAsync("sync", staffId, "--json")).AssertSucceeded().Json();
        var writesByRun = (await GoogleWritesAsync(calsync, staffId)).Skip(writesBefore.Count).ToList();

        var method = new Dictionary<string, string> { ["create"] = "insert", ["update"] = "update", ["delete"] = "delete" };
        Assert.Equal(google.Select(w => $"{method[w.Action]} {w.EventId}").Order(), writesByRun.Order());
        Assert.Equal(1, run.GetProperty("created").GetInt32());
        Assert.Equal(1, run.GetProperty("updated").GetInt32());
        Assert.Equal(1, run.GetProperty("deleted").GetInt32());
        Assert.Equal(1, run.GetProperty("imported").GetInt32());
        var blocks = (await calsync.RunAsync("blocks", "list", staffId, "--json")).AssertSucceeded().Output;
        Assert.Contains(dentist, blocks, StringComparison.Ordinal);

        var quiet = (await calsync.RunAsync("sync", staffId, "--dry-run", "--json")).AssertSucceeded().Json();
        Assert.True(quiet.GetProperty("quiet").GetBoolean());
        Assert.Empty(Writes(quiet, "google"));
        Assert.Empty(Writes(quiet, "local"));
        return staffId;
    }

    private static async Task PutAsync(Calsync calsync, string staffId, string id, string start)
    {
        var end = DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture).AddMinutes(30).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        (await calsync.RunAsync("appointments", "put", staffId, id, "--start", start, "--end", end, "--customer", "Bo")).AssertSucceeded();
    }

    private sealed record PlannedWrite(string Action, string? Item, string EventId);

    private static List<PlannedWrite> Writes(JsonElement plan, string side) =>
        [.. plan.GetProperty(side).EnumerateArray().Select(w => new PlannedWrite(
            w.GetProperty("action").GetString()!, w.GetProperty("item").GetString(), w.GetProperty("eventId").GetString()!))];

    /// <summary>Every row of every table with its ETag, the calendar's events with theirs, its write log, the queue and the store's own rows.</summary>
    private static async Task<string> SnapshotAsync(Calsync calsync, string staffId, Func<Task<string>> storeRows)
    {
        var token = TestContext.Current.CancellationToken;
        var snapshot = new StringBuilder();
        var service = new TableServiceClient(calsync.Storage);
        await foreach (var table in service.QueryAsync(cancellationToken: token))
        {
            await foreach (var row in service.GetTableClient(table.Name).QueryAsync<TableEntity>(cancellationToken: token))
            {
                snapshot.Append(table.Name).Append(' ').Append(row.PartitionKey).Append(' ').Append(row.RowKey).Append(' ').Append(row.ETag).AppendLine();
            }
        }

        foreach (var calendarEvent in await calsync.GoogleEventsAsync(staffId))
        {
            snapshot.Append(calendarEvent.GetProperty("id").GetString()).Append(' ').Append(calendarEvent.GetProperty("etag").GetString()).AppendLine();
        }

        snapshot.AppendJoin('\n', await GoogleWritesAsync(calsync, staffId)).AppendLine();
        var queued = (await calsync.Queue.GetPropertiesAsync(token)).Value.ApproximateMessagesCount;
        snapshot.Append("queued ").Append(queued).AppendLine();
        snapshot.Append(await storeRows());
        return snapshot.ToString();
    }

    private static async Task<List<string>> GoogleWritesAsync(Calsync calsync, string staffId)
    {
        using var http = new HttpClient { BaseAddress = calsync.Google };
        var writes = await http.GetFromJsonAsync<JsonElement>($"emulator/calendars/{staffId}@example.com/writes", TestContext.Current.CancellationToken);
        return [.. writes.GetProperty("items").EnumerateArray().Select(w => $"{w.GetProperty("method").GetString()} {w.GetProperty("eventId").GetString()}")];
    }

    /// <summary>Every row of the schema's tables with its row version (<c>xmin</c>), so a rewrite of a row with the same values shows too.</summary>
    private static async Task<string> PostgresRowsAsync(string connectionString)
    {
        var token = TestContext.Current.CancellationToken;
        await using var source = NpgsqlDataSource.Create(connectionString);
        var tables = new List<string>();
        await using (var list = source.CreateCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'calendar_sync' AND table_type = 'BASE TABLE' ORDER BY table_name"))
        await using (var reader = await list.ExecuteReaderAsync(token))
        {
            while (await reader.ReadAsync(token))
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.NotEmpty(tables);
        var rows = new StringBuilder();
        foreach (var table in tables)
        {
            await using var query = source.CreateCommand($"SELECT t.xmin::text || ' ' || t::text FROM calendar_sync.\"{table}\" t ORDER BY 1");
            await using var reader = await query.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                rows.Append(table).Append(' ').Append(reader.GetString(0)).AppendLine();
            }
        }

        return rows.ToString();
    }
}
