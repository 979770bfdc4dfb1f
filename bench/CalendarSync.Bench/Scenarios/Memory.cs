using System.Diagnostics;
using System.Globalization;
using CalendarSync.Bench.Baseline;
using CalendarSync.Bench.Infrastructure;
using CalendarSync.Bench.Reporting;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;

namespace CalendarSync.Bench.Scenarios;

/// <summary>
/// Peak memory of a full first sync of a large calendar. The sync runs in a worker process of its own (this program, started
/// again as <c>memory-worker</c>), so its peak working set holds CalendarSync alone: the emulator, Azurite and the seeding stay here.
/// </summary>
internal static class Memory
{
    private const long GoalBytes = 200L * 1024 * 1024;
    private const string ResultPrefix = "RESULT ";

    public static async Task<ScenarioReport> RunAsync(BenchOptions options)
    {
        var events = options.Events ?? (options.Full ? 50_000 : 10_000);
        await using var env = await BenchEnvironment.StartAsync(options.Latency);
        var staff = await env.ConnectStaffAsync(2);
        foreach (var s in staff)
        {
            await env.InsertGoogleEventsAsync(s, Seed.GoogleEvents(events));
        }

        var ours = await RunWorkerAsync(env, options, staff[0].StaffId, naive: false);

        // The same on the PostgreSQL store: the imported blocks go into the business's blocked_slots, the statuses into tables.
        WorkerResult pg;
        await using (var pgEnv = await BenchEnvironment.StartAsync(options.Latency, postgres: true))
        {
            var pgStaff = (await pgEnv.ConnectStaffAsync(1))[0];
            await pgEnv.InsertGoogleEventsAsync(pgStaff, Seed.GoogleEvents(events));
            pg = await RunWorkerAsync(pgEnv, options, pgStaff.StaffId, naive: false);
        }

        var naive = await RunWorkerAsync(env, options, staff[1].StaffId, naive: true);

        // The issue's ratios: half the baseline's time at 10,000 events, a third at 50,000 (`--full`).
        var timeRatioGoal = events >= 50_000 ? 3 : 2;
        var ratio = naive.Seconds / Math.Max(0.001, ours.Seconds);
        var report = new ScenarioReport(
            $"First import and memory: a full first sync of a {Format.N(events)}-event calendar",
            $"at most 1/{timeRatioGoal} of the baseline's time; peak working set at most {Format.Mb(GoalBytes)}, the syncing process alone");
        report.Columns = ["worker process", "CalendarSync", "CalendarSync on PostgreSQL", "naive baseline"];
        report
            .Row("peak working set (VmHWM)", Format.Mb(ours.Peak), Format.Mb(pg.Peak), Format.Mb(naive.Peak))
            .Row("working set before the sync (runtime, clients, services)", Format.Mb(ours.Before), Format.Mb(pg.Before), Format.Mb(naive.Before))
            .Row("largest managed heap after a collection", Format.Mb(ours.Heap), Format.Mb(pg.Heap), Format.Mb(naive.Heap))
            .Row("events imported as blocked time", Format.N(ours.Imported), Format.N(pg.Imported), Format.N(events))
            .Row("runs (a first sync longer than `Sync__RunTimeBudget` continues in the next)", Format.N(ours.Runs), Format.N(pg.Runs), "1")
            .Row("time", Format.Seconds(TimeSpan.FromSeconds(ours.Seconds)), Format.Seconds(TimeSpan.FromSeconds(pg.Seconds)), Format.Seconds(TimeSpan.FromSeconds(naive.Seconds)));
        report.Note($"The calendar holds {Format.N(events)} timed events of the staff member's own, all opaque and in the window, so every one becomes blocked time. " +
                    "The worker is this program started again (`memory-worker`), with the same services joined to this run's Azurite and emulator; " +
                    "its peak working set is Linux's high-water mark of resident memory (`VmHWM`, `Process.PeakWorkingSet64`), taken after the sync.");
        var runtime = string.Join(", ", BenchEnvironment.RuntimeSettings.Select(p => $"`{p.Key}={p.Value}`"));
        report.Note($"Google latency {options.LatencyMs} ms a round trip. Workstation GC, as in the Functions worker's default; both workers run with " +
                    $"the app's runtime settings ({(runtime.Length == 0 ? "none" : runtime)}, from local.settings.sample.json and the Bicep).");
        var pgRatio = naive.Seconds / Math.Max(0.001, pg.Seconds);
        var peak = Math.Max(ours.Peak, pg.Peak);
        report.Judge(peak <= GoalBytes && ratio >= timeRatioGoal && pgRatio >= timeRatioGoal,
            $"{Format.N(ratio, 1)}× faster than the baseline ({Format.N(pgRatio, 1)}× on PostgreSQL); peak {Format.Mb(ours.Peak)} ({Format.Mb(pg.Peak)})" + (peak <= GoalBytes
                ? ": the sync holds two listing pages (1,000 events each) and the staff member's statuses, not the calendar's events."
                : $", {Format.Mb(peak - GoalBytes)} over."));
        return report;
    }

    /// <summary>The worker's side: one full first sync (or the baseline's cycle), then its memory figures on one line of standard output.</summary>
    public static async Task<int> WorkAsync(BenchOptions options)
    {
        var storage = Environment.GetEnvironmentVariable(BenchEnvironment.StorageVariable) ?? throw new InvalidOperationException("No storage given.");
        var emulator = new Uri(Environment.GetEnvironmentVariable(BenchEnvironment.EmulatorVariable) ?? throw new InvalidOperationException("No emulator given."));
        var staffId = options.WorkerStaff ?? throw new InvalidOperationException("No staff member given.");
        await using var env = BenchEnvironment.Join(storage, emulator, Environment.GetEnvironmentVariable(BenchEnvironment.PostgresVariable));
        var connections = env.Get<IConnectionStore>();
        _ = await connections.GetAsync(staffId, CancellationToken.None);
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var before = self.WorkingSet64;
        var watch = Stopwatch.StartNew();
        var runs = 0;
        var imported = 0;
        env.Observer.RunCompleted += r => Interlocked.Add(ref imported, r.Imported);
        if (options.WorkerNaive)
        {
            await env.Get<NaiveSync>().RunAsync(staffId, options.BaselineWrites, CancellationToken.None);
            runs = 1;
        }
        else
        {
            // A run cut by its time budget queues its continuation; the queue function would pick it up, so the worker does.
            await env.SyncEachAsync([new BenchStaff(staffId, "", "", "")], SyncReason.Connect, 1);
            runs = 1 + await env.DrainQueueAsync(1);
            var record = await connections.GetAsync(staffId, CancellationToken.None);
            if (record?.Connection.LastOutcome != SyncOutcome.Succeeded)
            {
                throw new InvalidOperationException($"The first sync ended {record?.Connection.LastOutcome}.");
            }
        }

        var seconds = watch.Elapsed.TotalSeconds;
        self.Refresh();
        var heap = GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes;
        var peakHeap = Math.Max(heap, GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ResultPrefix}{self.PeakWorkingSet64} {before} {peakHeap} {seconds} {runs} {imported}"));
        return 0;
    }

    private static async Task<WorkerResult> RunWorkerAsync(BenchEnvironment env, BenchOptions options, string staffId, bool naive)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Memory).Assembly.Location);
        }

        foreach (var argument in new[] { BenchRun.MemoryWorker, "--worker-staff", staffId, "--baseline-writes", options.BaselineWrites.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        if (naive)
        {
            start.ArgumentList.Add("--worker-naive");
        }

        // The worker runs with the runtime settings the app is given (its environment variables in local.settings.sample.json
        // and the Bicep, the GC's gen0 budget among them), both sides alike.
        foreach (var (key, value) in BenchEnvironment.RuntimeSettings)
        {
            start.Environment[key] = value;
        }

        start.Environment[BenchEnvironment.StorageVariable] = env.StorageConnectionString;
        start.Environment[BenchEnvironment.EmulatorVariable] = env.EmulatorUri.AbsoluteUri;
        start.Environment[BenchEnvironment.PostgresVariable] = env.PostgresConnectionString;
        using var worker = Process.Start(start) ?? throw new InvalidOperationException("The memory worker did not start.");
        var errors = worker.StandardError.ReadToEndAsync();
        var output = await worker.StandardOutput.ReadToEndAsync();
        await worker.WaitForExitAsync();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The memory worker ended {worker.ExitCode} without a result:\n{output}\n{await errors}");
        var f = line[ResultPrefix.Length..].Trim().Split(' ');
        return new WorkerResult(
            long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture),
            double.Parse(f[3], CultureInfo.InvariantCulture), int.Parse(f[4], CultureInfo.InvariantCulture), int.Parse(f[5], CultureInfo.InvariantCulture));
    }

    private sealed record WorkerResult(long Peak, long Before, long Heap, double Seconds, int Runs, int Imported);
}
