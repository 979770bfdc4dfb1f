using System.Globalization;

namespace CalendarSync.Bench;

/// <summary>The command line: a scenario and the sizes that scale it. Unset sizes take the scenario's quick default (or, with <c>--full</c>, the issue's).</summary>
internal sealed record BenchOptions
{
    public const string Help = """
        Usage: dotnet run -c Release --project bench/CalendarSync.Bench -- <scenario> [options]

        Scenarios:
          steady        Google calls and storage operations per staff member per cycle when nothing changed
          first-push    first sync of a staff member with 500 appointments: round trips and time
          sweep         staff members per second for a steady-state sweep (timer, queue, queue function)
          latency       an appointment put with ?sync=now / a Google change with push, to the other side: p50, p95
          growth        calls and time per cycle with 0, 10, 100, 1,000 changes among untouched events
          memory        peak working set of a full first sync of a large calendar (the syncing process alone)
          all           every scenario above

        Options:
          --latency-ms N      injected Google round-trip latency (default 50)
          --staff N           staff members (steady: 20; sweep: 1,000, --full 10,000)
          --appointments N    appointments of the first push (500)
          --events N          untouched events (growth: 2,000, --full 10,000; memory: 10,000, --full 50,000)
          --changes A,B,...   changes per growth cycle (0,10,100,1000; those above --events are left out)
          --samples N         changes timed per path in latency (20)
          --concurrency N     runs in flight at once, as one Functions instance takes them (24: batchSize 16 + newBatchThreshold 8)
          --baseline-writes N the naive baseline's Google writes in flight at once (4)
          --full              the issue's sizes: sweep 10,000 staff, growth 10,000 events, memory 50,000 events
          --write PATH        also write the report (Markdown) to PATH, e.g. docs/benchmarks.md
          --help              this text
        """;

    public required string Scenario { get; init; }

    public int LatencyMs { get; init; } = 50;

    public int? Staff { get; init; }

    public int Appointments { get; init; } = 500;

    public int? Events { get; init; }

    public IReadOnlyList<int> Changes { get; init; } = [0, 10, 100, 1000];

    public int Samples { get; init; } = 20;

    public int Concurrency { get; init; } = 24;

    public int BaselineWrites { get; init; } = 4;

    public bool Full { get; init; }

    public string? WritePath { get; init; }

    /// <summary>Worker mode arguments (the memory scenario's child process): the staff member and whether to run the baseline.</summary>
    public string? WorkerStaff { get; init; }

    public bool WorkerNaive { get; init; }

    public string[] Arguments { get; init; } = [];

    public TimeSpan Latency => TimeSpan.FromMilliseconds(LatencyMs);

    public static BenchOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
        {
            return null;
        }

        var options = new BenchOptions { Scenario = args[0], Arguments = args };
        for (var i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Number() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n
                : throw new ArgumentException($"{args[i - 1]} needs a whole number.");
            options = args[i] switch
            {
                "--latency-ms" => options with { LatencyMs = Number() },
                "--staff" => options with { Staff = Math.Max(1, Number()) },
                "--appointments" => options with { Appointments = Math.Max(1, Number()) },
                "--events" => options with { Events = Math.Max(1, Number()) },
                "--changes" => options with { Changes = [.. Value().Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))] },
                "--samples" => options with { Samples = Math.Max(1, Number()) },
                "--concurrency" => options with { Concurrency = Math.Max(1, Number()) },
                "--baseline-writes" => options with { BaselineWrites = Math.Max(1, Number()) },
                "--full" => options with { Full = true },
                "--write" => options with { WritePath = Value() },
                "--worker-staff" => options with { WorkerStaff = Value() },
                "--worker-naive" => options with { WorkerNaive = true },
                _ => throw new ArgumentException($"Unknown option {args[i]}; see --help."),
            };
        }

        return options;
    }

    /// <summary>The command as typed, for the report.</summary>
    public string Command => "dotnet run -c Release --project bench/CalendarSync.Bench -- " + string.Join(' ', Arguments);
}
