using System.Diagnostics;
using CalendarSync.Bench.Baseline;
using CalendarSync.Bench.Infrastructure;
using CalendarSync.Bench.Reporting;
using CalendarSync.Core.Runs;

namespace CalendarSync.Bench.Scenarios;

/// <summary>Steady state: a sweep when nothing changed on either side, counted at the HTTP layer per staff member.</summary>
internal static class SteadyState
{
    private const int AppointmentsEach = 5;
    private const int GoogleEventsEach = 3;

    public static async Task<ScenarioReport> RunAsync(BenchOptions options)
    {
        var staffCount = options.Staff ?? 20;
        await using var env = await BenchEnvironment.StartAsync(options.Latency);
        var ours = await ConnectAndSeedAsync(env, staffCount);

        // The first sync copies both ways; the second confirms nothing is left to do. Then the measured sweep.
        await env.SyncEachAsync(ours, SyncReason.Connect, options.Concurrency);
        await env.SyncEachAsync(ours, SyncReason.Schedule, options.Concurrency);
        var before = env.Tally.Snapshot();
        var watch = Stopwatch.StartNew();
        await env.Get<SyncSweep>().RunAsync(CancellationToken.None);
        var ran = await env.DrainQueueAsync(options.Concurrency);
        var ourTime = watch.Elapsed;
        var ourCalls = env.Tally.Snapshot().Since(before);
        if (ran != staffCount)
        {
            throw new InvalidOperationException($"The sweep ran {ran} syncs for {staffCount} staff members.");
        }

        // The baseline's staff members are connected only now, so the sweep above saw CalendarSync's alone.
        var naive = await ConnectAndSeedAsync(env, staffCount);
        var baseline = env.Get<NaiveSync>();
        foreach (var s in naive)
        {
            await baseline.RunAsync(s.StaffId, options.BaselineWrites, CancellationToken.None);
        }

        before = env.Tally.Snapshot();
        watch.Restart();
        await Parallel.ForEachAsync(naive, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency },
            async (s, ct) => await baseline.RunAsync(s.StaffId, options.BaselineWrites, ct));
        var naiveTime = watch.Elapsed;
        var naiveCalls = env.Tally.Snapshot().Since(before);

        double Each(long n) => (double)n / staffCount;
        var report = new ScenarioReport(
            "Steady state: one cycle when nothing changed",
            "at most 1 Google call and no writes per staff member per cycle");
        report.Columns = ["per staff member per cycle", "CalendarSync", "naive baseline"];
        report
            .Row("Google calls", Format.N(Each(ourCalls.Google), 2), Format.N(Each(naiveCalls.Google), 2))
            .Row("Google writes (calls and batches)", Format.N(Each(ourCalls.GoogleWrites), 2), Format.N(Each(naiveCalls.GoogleWrites), 2))
            .Row("table reads", Format.N(Each(ourCalls.TableReads), 2), Format.N(Each(naiveCalls.TableReads), 2))
            .Row("table writes of sync data (appointment data, sync status)", Format.N(Each(ourCalls.DataWrites), 2), Format.N(Each(naiveCalls.DataWrites), 2))
            .Row("table writes of run bookkeeping (lease, sync log, connection status)", Format.N(Each(ourCalls.BookkeepingWrites), 2), Format.N(Each(naiveCalls.BookkeepingWrites), 2))
            .Row("queue operations", Format.N(Each(ourCalls.Queue), 2), Format.N(Each(naiveCalls.Queue), 2))
            .Row("wall time of the whole cycle", Format.Seconds(ourTime), Format.Seconds(naiveTime));
        report.Note($"{staffCount} staff members each side, each with {AppointmentsEach} appointments and {GoogleEventsEach} events of their own in Google, synced before; " +
                    $"Google latency {options.LatencyMs} ms a round trip; CalendarSync's cycle is the real sweep (timer's scheduler, queue, queue function's processor, {options.Concurrency} at once).");
        report.Note("CalendarSync's requests by kind: " + ourCalls.Describe());
        report.Note("Baseline's requests by kind: " + naiveCalls.Describe());
        var met = ourCalls.Google <= staffCount && ourCalls.GoogleWrites == 0 && ourCalls.DataWrites == 0;
        report.Judge(met,
            $"{Format.N(Each(ourCalls.Google), 2)} Google calls and {Format.N(Each(ourCalls.DataWrites), 2)} writes of sync data per staff member. " +
            $"A run still writes its bookkeeping ({Format.N(Each(ourCalls.BookkeepingWrites), 2)} table writes: lease taken and given back, the SyncLog row, the connection's last-run status), as DESIGN.md's data flow asks of every run.");
        return report;
    }

    private static async Task<IReadOnlyList<BenchStaff>> ConnectAndSeedAsync(BenchEnvironment env, int count)
    {
        var staff = await env.ConnectStaffAsync(count);
        foreach (var s in staff)
        {
            await Seed.AppointmentsAsync(env, s.StaffId, AppointmentsEach);
            await env.InsertGoogleEventsAsync(s, Seed.GoogleEvents(GoogleEventsEach));
        }

        return staff;
    }
}
