using System.Diagnostics;
using CalendarSync.Bench.Baseline;
using CalendarSync.Bench.Infrastructure;
using CalendarSync.Bench.Reporting;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;

namespace CalendarSync.Bench.Scenarios;

/// <summary>A steady-state sweep of many staff members: the timer queues them all, the queue function works through them.</summary>
internal static class SweepThroughput
{
    private const int GoalStaff = 10_000;
    private static readonly TimeSpan GoalTime = TimeSpan.FromSeconds(60);
    private const double RateRatioGoal = 2.5;
    private const int AppointmentsEach = 2;

    /// <summary>How many staff members are connected and first synced in one Azurite before their rows are copied in.</summary>
    private const int ShardSize = 1_000;

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

        var (staff, firstSyncs, settling, queued, ourTime, ourCalls, ourCpu, ourNotQuiet) = ours;

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
            .Row("of which PostgreSQL commands", "", Format.N(pg.Calls.Postgres), "")
            .Row("runs that were not quiet (found something to do)", Format.N(ourNotQuiet), Format.N(pg.NotQuiet), "");
        report.Note($"Each staff member has {AppointmentsEach} appointments, synced before: connected and first synced {Format.N(ShardSize)} at a time, each " +
                    "shard in an Azurite of its own (whose table store scans a whole table for every query, so first syncs into one table slow " +
                    $"with the square of their number), swept once there to settle, and its rows copied into the Azurite measured (first syncs of all took {Format.Seconds(firstSyncs)}); " +
                    $"then a sweep of all in one place, {Format.Seconds(settling)}; " +
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
        // What bounds the rate: a run reads its connection, control row and feed head at once, then lists Google; with N
        // runs in flight the sweep does about N / (one round of reads + the Google call + its share of the queue's waiting)
        // staff members a second. The waiting is measured per request at the HTTP layer.
        var pgRatio = pgRate / naiveRate;
        var tableOps = Math.Max(1, ourCalls.TableReads + ourCalls.TableWrites);
        var tableAverage = ourCalls.TimeIn("table").TotalMilliseconds / tableOps;
        var googleAverage = ourCalls.TimeIn("google").TotalMilliseconds / Math.Max(1, ourCalls.Google);
        var queueShare = ourCalls.TimeIn("queue").TotalMilliseconds / count;
        var chain = tableAverage + googleAverage + queueShare;
        var bound = options.Concurrency / (chain / 1000);
        var neededRun = TimeSpan.FromSeconds(options.Concurrency * GoalTime.TotalSeconds / GoalStaff);
        report.Note($"What bounds it: a run sends {Format.N((double)ourCalls.All / count, 1)} requests; its {Format.N((double)tableOps / count, 1)} table reads go at once, " +
                    $"so it waits for one round of them (a table operation took {Format.Ms(tableAverage)} on average), then for Google ({Format.Ms(googleAverage)} a call, " +
                    $"{options.LatencyMs} ms injected), and for its share of the queue's operations ({Format.Ms(queueShare)}): about {Format.Ms(chain)}, so " +
                    $"{options.Concurrency} runs at once allow about {Format.N(bound, 1)} staff members a second (measured: {Format.N(ourRate, 1)}). " +
                    $"10,000 in {GoalTime.TotalSeconds:0} s with {options.Concurrency} runs at once needs a run to take at most {Format.Ms(neededRun.TotalMilliseconds)}, " +
                    $"which leaves {Format.Ms(Math.Max(0, neededRun.TotalMilliseconds - googleAverage - queueShare))} for its round of reads after the Google call and the queue.");
        var rateRatio = ourRate / naiveRate;
        var measured = count == GoalStaff;
        var timeMet = !measured || ourTime <= GoalTime;
        report.Judge(rateRatio >= RateRatioGoal && pgRatio >= RateRatioGoal && timeMet && (!measured || pg.Time <= GoalTime) && ourNotQuiet == 0 && pg.NotQuiet == 0,
            $"{Format.N(ourRate, 1)} staff members a second, {Format.N(rateRatio, 1)}× the baseline's ({Format.N(pgRate, 1)}, {Format.N(pgRatio, 1)}× on PostgreSQL); " +
            (measured
                ? $"10,000 measured in {Format.Seconds(ourTime)} ({Format.Seconds(pg.Time)} on PostgreSQL)" + (timeMet ? "." : $", {Format.Seconds(ourTime - GoalTime)} over.")
                : $"10,000 would take about {Format.Seconds(ourFor10K)} (extrapolated; `--full` measures it)."));
        return report;
    }

    /// <summary>
    /// Connects <paramref name="count"/> staff members with their appointments and syncs them, a shard at a time
    /// (<see cref="ShardSize"/>, each in an Azurite of its own, then copied in: <see cref="BenchEnvironment.StartShardAsync"/>),
    /// sweeps once to settle, and measures the next sweep.
    /// </summary>
    private static async Task<SweepRun> MeasureAsync(BenchEnvironment env, BenchOptions options, int count, string label)
    {
        var prepared = Stopwatch.StartNew();
        var staff = new List<BenchStaff>(count);
        var firstSyncs = TimeSpan.Zero;
        for (var shard = 0; shard * ShardSize < count; shard++)
        {
            await using var part = await env.StartShardAsync(shard);
            var size = Math.Min(ShardSize, count - (shard * ShardSize));
            var members = await part.ConnectStaffAsync(size, concurrency: options.Concurrency);
            var store = part.Get<Core.Data.IAppointmentStore>();
            await Parallel.ForEachAsync(
                members.SelectMany(s => Enumerable.Range(0, AppointmentsEach).Select(i => Seed.Appointment(s.StaffId, i))),
                new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency },
                async (appointment, ct) => await store.SaveAsync(appointment, ct));
            var syncing = Stopwatch.StartNew();
            await part.SyncEachAsync(members, SyncReason.Connect, options.Concurrency);
            firstSyncs += syncing.Elapsed;

            // The first sweep after the first syncs settles: each run finds nothing new and records on its connection that
            // all is quiet now (the last run it shows wrote something).
            await SweepAsync(part, options.Concurrency, size);
            var rows = await env.CopyTablesFromAsync(part, options.Concurrency);
            staff.AddRange(members);
            await Progress($"{Format.N(staff.Count)} staff members connected, synced and settled{label} ({Format.N(rows)} rows copied)", prepared);
        }

        // A sweep over all of them in one place before the measured one: each run finds all quiet and writes nothing. It is
        // timed and reported, not judged; the sweeps of a steady state are the ones after it, and the next one is measured.
        var settling = await SweepAsync(env, options.Concurrency, count);
        await Progress($"settling sweep done{label}", prepared);

        var before = env.Tally.Snapshot();
        var cpu = CpuTally.Now();
        var notQuiet = 0;
        void Count(SyncRunResult result)
        {
            if (!result.Quiet)
            {
                Interlocked.Increment(ref notQuiet);
            }
        }

        env.Observer.RunCompleted += Count;
        var (queued, time) = await SweepAsync(env, options.Concurrency, count);
        env.Observer.RunCompleted -= Count;
        return new SweepRun(staff, firstSyncs, settling.Total, queued, time, env.Tally.Snapshot().Since(before), CpuTally.Now().Since(cpu), notQuiet);
    }

    private sealed record SweepRun(
        IReadOnlyList<BenchStaff> Staff, TimeSpan FirstSyncs, TimeSpan Settling, TimeSpan Queued, TimeSpan Time, CallCounts Calls, CpuTally Cpu, int NotQuiet);

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
