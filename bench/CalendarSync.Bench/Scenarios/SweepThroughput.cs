using System.Diagnostics;
using CalendarSync.Bench.Baseline;
using CalendarSync.Bench.Infrastructure;
using CalendarSync.Bench.Reporting;
using CalendarSync.Core.Runs;

namespace CalendarSync.Bench.Scenarios;

/// <summary>A steady-state sweep of many staff members: the timer queues them all, the queue function works through them.</summary>
internal static class SweepThroughput
{
    private const int GoalStaff = 10_000;
    private static readonly TimeSpan GoalTime = TimeSpan.FromSeconds(60);
    private const double RateRatioGoal = 2.5;
    private const int AppointmentsEach = 2;

    public static async Task<ScenarioReport> RunAsync(BenchOptions options)
    {
        var count = options.Staff ?? (options.Full ? GoalStaff : 3_000);
        await using var env = await BenchEnvironment.StartAsync(options.Latency);
        var ours = await MeasureAsync(env, options, count, "");

        // The same sweep on the PostgreSQL store (the appointment data in the database, the bookkeeping in tables).
        SweepRun pg;
        await using (var pgEnv = await BenchEnvironment.StartAsync(options.Latency, postgres: true))
        {
            pg = await MeasureAsync(pgEnv, options, count, " (PostgreSQL)");
        }

        var (staff, firstSyncs, settling, queued, ourTime, ourCalls, ourCpu) = ours;

        // The baseline's cycle over the same staff members, after CalendarSync's sweep was measured.
        var baseline = env.Get<NaiveSync>();
        var before = env.Tally.Snapshot();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(staff, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency },
            async (s, ct) => await baseline.RunAsync(s.StaffId, 1, ct));
        var naiveTime = watch.Elapsed;
        var naiveCalls = env.Tally.Snapshot().Since(before);

        var ourRate = count / ourTime.TotalSeconds;
        var naiveRate = count / naiveTime.TotalSeconds;
        var ourFor10K = TimeSpan.FromSeconds(GoalStaff / ourRate);
        var report = new ScenarioReport(
            $"Sweep throughput: a steady-state sweep of {Format.N(count)} staff members",
            $"at least {Format.N(RateRatioGoal, 1)}× the baseline's staff members a second; {Format.N(GoalStaff)} staff members (`--full`, measured) in at most {GoalTime.TotalSeconds:0} s on 2 cores");
        var pgRate = count / pg.Time.TotalSeconds;
        report.Columns = ["steady-state sweep", "CalendarSync", "CalendarSync on PostgreSQL", "naive baseline"];
        report
            .Row("staff members", Format.N(count), Format.N(count), Format.N(count))
            .Row("time", Format.Seconds(ourTime), Format.Seconds(pg.Time), Format.Seconds(naiveTime))
            .Row("staff members per second", Format.N(ourRate, 1), Format.N(pgRate, 1), Format.N(naiveRate, 1))
            .Row(count == GoalStaff ? "10,000 staff members (measured)" : $"10,000 staff members (extrapolated linearly from {Format.N(count)})",
                Format.Seconds(ourFor10K), Format.Seconds(TimeSpan.FromSeconds(GoalStaff / pgRate)), Format.Seconds(TimeSpan.FromSeconds(GoalStaff / naiveRate)))
            .Row("Google calls", Format.N(ourCalls.Google), Format.N(pg.Calls.Google), Format.N(naiveCalls.Google))
            .Row("storage operations (tables, queue, PostgreSQL commands)", Format.N(ourCalls.Storage), Format.N(pg.Calls.Storage), Format.N(naiveCalls.Storage))
            .Row("of which PostgreSQL commands", "", Format.N(pg.Calls.Postgres), "");
        report.Note($"Each staff member has {AppointmentsEach} appointments, synced before (first syncs of all took {Format.Seconds(firstSyncs)}, " +
                    $"then a settling sweep {Format.Seconds(settling)}, which also wrote each connection once to record that all is quiet); " +
                    $"Google latency {options.LatencyMs} ms a round trip; {options.Concurrency} runs in flight at once, as the baseline's: the sweep queues a message " +
                    $"per {env.Get<SyncProcessorOptions>().SweepMessageSize} staff members, each message runs {env.Get<SyncProcessorOptions>().SweepMessageParallelism} of them at once, " +
                    "so messages are received that many fewer at a time and deleted one by one once all their staff members ran, as the trigger does.");
        report.Note($"CalendarSync's sweep: queueing took {Format.Seconds(queued)}, the runs the rest. Waiting summed over the concurrent requests: " +
                    ourCalls.Split(ourTime) + " (more than the wall time where requests overlap).");
        report.Note("CalendarSync's requests by kind: " + ourCalls.Describe());
        report.Note("On PostgreSQL: " + pg.Calls.Split(pg.Time) + "; requests by kind: " + pg.Calls.Describe() + $"; {pg.Cpu.Describe(pg.Time)}.");
        report.Note($"{ourCpu.Describe(ourTime)}; the bench process holds the code under test, the Azure and Google clients and the emulator. " +
                    $"That is {Format.Ms(ourCpu.Bench.TotalMilliseconds / count)} of bench CPU and {Format.Ms(ourCpu.Children.TotalMilliseconds / count)} of Azurite CPU per staff member; " +
                    $"storage answered {Format.N(ourCalls.Storage / ourTime.TotalSeconds)} operations a second, {Format.Ms(ourCalls.TimeIn("table").TotalMilliseconds / Math.Max(1, ourCalls.TableReads + ourCalls.TableWrites))} a table operation on average.");
        // What bounds the rate: each run sends its requests one after another, so with N runs in flight the sweep does
        // about N / (a run's waiting) staff members a second. The waiting is measured per request at the HTTP layer.
        var waitPerRun = (ourCalls.TimeIn("google") + ourCalls.TimeIn("table") + ourCalls.TimeIn("queue")) / count;
        var pgRatio = pgRate / naiveRate;
        var bound = options.Concurrency / waitPerRun.TotalSeconds;
        var tableOps = Math.Max(1, ourCalls.TableReads + ourCalls.TableWrites);
        var tableAverage = ourCalls.TimeIn("table").TotalMilliseconds / tableOps;
        var neededRun = TimeSpan.FromSeconds(options.Concurrency * GoalTime.TotalSeconds / GoalStaff);
        var storagePerRun = (double)ourCalls.Storage / count;
        var storageBudget = Math.Max(0, neededRun.TotalMilliseconds - options.LatencyMs * (double)ourCalls.Google / count) / Math.Max(1, storagePerRun);
        report.Note($"What bounds it: a run waits {Format.Ms(waitPerRun.TotalMilliseconds)} for its {Format.N((double)ourCalls.All / count, 1)} requests, one after another, " +
                    $"so {options.Concurrency} runs at once allow about {Format.N(bound, 1)} staff members a second (measured: {Format.N(ourRate, 1)}). " +
                    $"A table operation took {Format.Ms(tableAverage)} on average and a Google call {Format.Ms(ourCalls.TimeIn("google").TotalMilliseconds / Math.Max(1, ourCalls.Google))} " +
                    $"({options.LatencyMs} ms injected). 10,000 in {GoalTime.TotalSeconds:0} s with {options.Concurrency} runs at once needs a run to wait at most " +
                    $"{Format.Ms(neededRun.TotalMilliseconds)}; after the injected Google latency that leaves {Format.Ms(storageBudget)} a storage operation " +
                    $"({Format.N(storagePerRun, 1)} a run), where Azurite here answered in {Format.Ms(tableAverage)}.");
        var rateRatio = ourRate / naiveRate;
        var measured = count == GoalStaff;
        var timeMet = !measured || ourTime <= GoalTime;
        report.Judge(rateRatio >= RateRatioGoal && pgRatio >= RateRatioGoal && timeMet && (!measured || pg.Time <= GoalTime),
            $"{Format.N(ourRate, 1)} staff members a second, {Format.N(rateRatio, 1)}× the baseline's ({Format.N(pgRate, 1)}, {Format.N(pgRatio, 1)}× on PostgreSQL); " +
            (measured
                ? $"10,000 measured in {Format.Seconds(ourTime)} ({Format.Seconds(pg.Time)} on PostgreSQL)" + (timeMet ? "." : $", {Format.Seconds(ourTime - GoalTime)} over.")
                : $"10,000 would take about {Format.Seconds(ourFor10K)} (extrapolated; `--full` measures it)."));
        return report;
    }

    /// <summary>
    /// Connects <paramref name="count"/> staff members with their appointments, syncs them, sweeps once to settle, and
    /// measures the next sweep.
    /// </summary>
    private static async Task<SweepRun> MeasureAsync(BenchEnvironment env, BenchOptions options, int count, string label)
    {
        var prepared = Stopwatch.StartNew();
        var staff = await env.ConnectStaffAsync(count, concurrency: options.Concurrency);
        await Progress($"{Format.N(count)} staff members connected{label}", prepared);
        var store = env.Get<Core.Data.IAppointmentStore>();
        await Parallel.ForEachAsync(
            staff.SelectMany(s => Enumerable.Range(0, AppointmentsEach).Select(i => Seed.Appointment(s.StaffId, i))),
            new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency },
            async (appointment, ct) => await store.SaveAsync(appointment, ct));
        await Progress($"{Format.N(count * AppointmentsEach)} appointments stored{label}", prepared);
        var setup = Stopwatch.StartNew();
        await env.SyncEachAsync(staff, SyncReason.Connect, options.Concurrency);
        var firstSyncs = setup.Elapsed;
        await Progress($"first syncs done{label}", prepared);

        // The first sweep after the first syncs settles: each run finds nothing new and records on its connection that
        // all is quiet now (the last run it shows wrote something). It is timed and reported, not judged; the sweeps of a
        // steady state are the ones after it, and the next one is measured.
        var settling = await SweepAsync(env, options.Concurrency, count);
        await Progress($"settling sweep done{label}", prepared);

        var before = env.Tally.Snapshot();
        var cpu = CpuTally.Now();
        var (queued, time) = await SweepAsync(env, options.Concurrency, count);
        return new SweepRun(staff, firstSyncs, settling.Total, queued, time, env.Tally.Snapshot().Since(before), CpuTally.Now().Since(cpu));
    }

    private sealed record SweepRun(
        IReadOnlyList<BenchStaff> Staff, TimeSpan FirstSyncs, TimeSpan Settling, TimeSpan Queued, TimeSpan Time, CallCounts Calls, CpuTally Cpu);

    // The setup of a large sweep takes minutes; its steps go to stderr as they finish, apart from the report.
    private static Task Progress(string step, Stopwatch since) =>
        Console.Error.WriteLineAsync($"[bench] sweep: {step} at {Format.Seconds(since.Elapsed)}");

    /// <summary>One sweep: the timer's queueing, then the queue function's runs until the queue is empty.</summary>
    private static async Task<(TimeSpan Queued, TimeSpan Total)> SweepAsync(BenchEnvironment env, int concurrency, int count)
    {
        var watch = Stopwatch.StartNew();
        await env.Get<SyncSweep>().RunAsync(CancellationToken.None);
        var queued = watch.Elapsed;
        var ran = await env.DrainQueueAsync(concurrency);
        if (ran != count)
        {
            throw new InvalidOperationException($"The sweep ran {ran} syncs for {count} staff members.");
        }

        return (queued, watch.Elapsed);
    }
}
