namespace CalendarSync.Bench.Infrastructure;

/// <summary>HTTP requests by kind, as <see cref="HttpTally"/> saw them leave the process.</summary>
internal sealed record CallCounts(IReadOnlyDictionary<string, long> Counts)
{
    public const string GoogleList = "google:list";
    public const string GoogleGet = "google:get";
    public const string GoogleWrite = "google:write";
    public const string GoogleBatch = "google:batch";
    public const string GoogleOAuth = "google:oauth";
    public const string TablePrefix = "table:";
    public const string QueuePrefix = "queue:";

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

    public long Storage => TableReads + TableWrites + Queue;

    public long All => Google + Storage;

    public long Get(string key) => Counts.TryGetValue(key, out var n) ? n : 0;

    /// <summary>What was sent after <paramref name="before"/> was taken.</summary>
    public CallCounts Since(CallCounts before) =>
        new(Counts.ToDictionary(p => p.Key, p => p.Value - before.Get(p.Key), StringComparer.Ordinal));

    /// <summary>The non-zero kinds, for a table's notes: <c>google:list 20, table:write:SyncLog 20, …</c>.</summary>
    public string Describe() =>
        string.Join(", ", Counts.Where(p => p.Value != 0).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"));

    private long Sum(Func<string, bool> match) => Counts.Where(p => match(p.Key)).Sum(p => p.Value);
}
