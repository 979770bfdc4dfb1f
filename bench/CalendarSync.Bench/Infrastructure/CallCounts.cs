namespace CalendarSync.Bench.Infrastructure;

/// <summary>Requests by kind, as <see cref="CallTally"/> saw them leave the process.</summary>
/// <param name="Counts">Requests by kind (<c>google:list</c>, <c>table:write:SyncLog</c>, <c>postgres:command</c>, …).</param>
/// <param name="Ticks">Time spent waiting for answers by layer (<c>google</c>, <c>table</c>, <c>queue</c>, <c>postgres</c>), summed over concurrent requests.</param>
internal sealed record CallCounts(IReadOnlyDictionary<string, long> Counts, IReadOnlyDictionary<string, long> Ticks)
{
    public const string GoogleList = "google:list";
    public const string GoogleGet = "google:get";
    public const string GoogleWrite = "google:write";
    public const string GoogleBatch = "google:batch";
    public const string GoogleOAuth = "google:oauth";
    public const string TablePrefix = "table:";
    public const string QueuePrefix = "queue:";

    /// <summary>A command or batch sent to PostgreSQL: one round trip.</summary>
    public const string PostgresCommand = "postgres:command";

    /// <summary>A physical connection to PostgreSQL opened (a pooled one reused is not).</summary>
    public const string PostgresOpen = "postgres:open";

    /// <summary>Tables the sync's data lives in; the others (lease, log, connection) are a run's bookkeeping.</summary>
    private static readonly string[] DataTables = ["AppointmentData", "SyncState"];

    public long Google => Sum(k => k.StartsWith("google:", StringComparison.Ordinal));

    public long GoogleWrites => Get(GoogleWrite) + Get(GoogleBatch);

    public long TableReads => Sum(k => k.StartsWith(TablePrefix + "read:", StringComparison.Ordinal));

    public long TableWrites => Sum(k => k.StartsWith(TablePrefix + "write:", StringComparison.Ordinal));

    /// <summary>Writes to the appointment data and the sync status (a transaction counts once; its table is not in its path).</summary>
    public long DataWrites => Sum(k => DataTables.Any(t => k == $"{TablePrefix}write:{t}") || k == $"{TablePrefix}write:$batch");

    public long BookkeepingWrites => TableWrites - DataWrites;

    public long Queue => Sum(k => k.StartsWith(QueuePrefix, StringComparison.Ordinal));

    public long Postgres => Get(PostgresCommand);

    public long Storage => TableReads + TableWrites + Queue + Postgres;

    public long All => Google + Storage;

    public long Get(string key) => Counts.TryGetValue(key, out var n) ? n : 0;

    /// <summary>What was sent after <paramref name="before"/> was taken.</summary>
    public CallCounts Since(CallCounts before) => new(
        Counts.ToDictionary(p => p.Key, p => p.Value - before.Get(p.Key), StringComparer.Ordinal),
        Ticks.ToDictionary(p => p.Key, p => p.Value - (before.Ticks.TryGetValue(p.Key, out var t) ? t : 0), StringComparer.Ordinal));

    /// <summary>Time spent waiting for one layer's answers (<c>google</c>, <c>table</c>, <c>queue</c>).</summary>
    public TimeSpan TimeIn(string layer) => TimeSpan.FromTicks(Ticks.TryGetValue(layer, out var t) ? t : 0);

    /// <summary>
    /// Where a single run's time went, for a report's note: waiting for Google, for tables, for the queue, for PostgreSQL, and the rest
    /// (our code, the clients' serialization, the thread pool) out of <paramref name="wall"/>.
    /// </summary>
    public string Split(TimeSpan wall)
    {
        var google = TimeIn("google");
        var table = TimeIn("table");
        var queue = TimeIn("queue");
        var postgres = TimeIn("postgres");
        var rest = wall - google - table - queue - postgres;
        return $"waiting for Google {Reporting.Format.Seconds(google)}, for tables {Reporting.Format.Seconds(table)}, " +
               $"for the queue {Reporting.Format.Seconds(queue)}, " +
               (postgres > TimeSpan.Zero ? $"for PostgreSQL {Reporting.Format.Seconds(postgres)}, " : "") +
               $"the rest (our code and the clients) {Reporting.Format.Seconds(rest < TimeSpan.Zero ? TimeSpan.Zero : rest)}";
    }

    /// <summary>The non-zero kinds, for a table's notes: <c>google:list 20, table:write:SyncLog 20, …</c>.</summary>
    public string Describe() =>
        string.Join(", ", Counts.Where(p => p.Value != 0).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"));

    private long Sum(Func<string, bool> match) => Counts.Where(p => match(p.Key)).Sum(p => p.Value);
}
