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
    private const int OperationsGoal = 3;
    private const int RoundTripsGoal = 2;

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

        // One quiet run alone, as the queue function runs it: how many storage requests, and how many times it waited for storage.
        env.Tally.StartTimeline();
        var single = env.Tally.Snapshot();
        await env.SyncEachAsync([ours[0]], SyncReason.Schedule, 1);
        var singleCalls = env.Tally.Snapshot().Since(single);
        var (singleRequests, singleRoundTrips) = env.Tally.StopTimeline("table");

        // The same cycle and quiet run on the PostgreSQL store (the appointment data in the database, bookkeeping in tables).
        TimeSpan pgTime;
        CallCounts pgCalls;
        CallCounts pgSingleCalls;
        (int Requests, int RoundTrips) pgSingle;
        await using (var pg = await BenchEnvironment.StartAsync(options.Latency, postgres: true))
        {
            var pgStaff = await ConnectAndSeedAsync(pg, staffCount);
            await pg.SyncEachAsync(pgStaff, SyncReason.Connect, options.Concurrency);
            await pg.SyncEachAsync(pgStaff, SyncReason.Schedule, options.Concurrency);
            var pgBefore = pg.Tally.Snapshot();
            var pgWatch = Stopwatch.StartNew();
            await pg.Get<SyncSweep>().RunAsync(CancellationToken.None);
            await pg.DrainQueueAsync(options.Concurrency);
            pgTime = pgWatch.Elapsed;
            pgCalls = pg.Tally.Snapshot().Since(pgBefore);

            pg.Tally.StartTimeline();
            var pgSingleBefore = pg.Tally.Snapshot();
            await pg.SyncEachAsync([pgStaff[0]], SyncReason.Schedule, 1);
            pgSingleCalls = pg.Tally.Snapshot().Since(pgSingleBefore);
            pgSingle = pg.Tally.StopTimeline("table", "postgres");
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
            $"a quiet run: 1 Google call, at most {OperationsGoal} storage operations in at most {RoundTripsGoal} sequential round trips, and no write");
        report.Columns = ["per staff member per cycle", "CalendarSync", "CalendarSync on PostgreSQL", "naive baseline"];
        report
            .Row("Google calls", Format.N(Each(ourCalls.Google), 2), Format.N(Each(pgCalls.Google), 2), Format.N(Each(naiveCalls.Google), 2))
            .Row("Google writes (calls and batches)", Format.N(Each(ourCalls.GoogleWrites), 2), Format.N(Each(pgCalls.GoogleWrites), 2), Format.N(Each(naiveCalls.GoogleWrites), 2))
            .Row("table reads", Format.N(Each(ourCalls.TableReads), 2), Format.N(Each(pgCalls.TableReads), 2), Format.N(Each(naiveCalls.TableReads), 2))
            .Row("table writes of sync data (appointment data, sync status)", Format.N(Each(ourCalls.DataWrites), 2), Format.N(Each(pgCalls.DataWrites), 2), Format.N(Each(naiveCalls.DataWrites), 2))
            .Row("table writes of run bookkeeping (lease, sync log, connection status)", Format.N(Each(ourCalls.BookkeepingWrites), 2), Format.N(Each(pgCalls.BookkeepingWrites), 2), Format.N(Each(naiveCalls.BookkeepingWrites), 2))
            .Row("PostgreSQL commands (each one round trip)", "", Format.N(Each(pgCalls.Postgres), 2), "")
            .Row("queue operations", Format.N(Each(ourCalls.Queue), 2), Format.N(Each(pgCalls.Queue), 2), Format.N(Each(naiveCalls.Queue), 2))
            .Row("wall time of the whole cycle", Format.Seconds(ourTime), Format.Seconds(pgTime), Format.Seconds(naiveTime))
            .Row("one quiet run alone: storage operations (of which PostgreSQL commands) / sequential storage round trips",
                $"{Format.N(singleRequests)} (-) / {Format.N(singleRoundTrips)}", $"{Format.N(pgSingle.Requests)} ({Format.N(pgSingleCalls.Postgres)}) / {Format.N(pgSingle.RoundTrips)}", "");
        report.Note($"{staffCount} staff members each side, each with {AppointmentsEach} appointments and {GoogleEventsEach} events of their own in Google, synced before; " +
                    $"Google latency {options.LatencyMs} ms a round trip; CalendarSync's cycle is the real sweep (timer's scheduler, queue, queue function's processor, {options.Concurrency} at once).");
        report.Note("CalendarSync's requests by kind: " + ourCalls.Describe());
        report.Note("PostgreSQL commands are counted by Npgsql's own activity source: each command or batch it sends is one round trip " +
                    "(a pooled connection's reset travels with the next one).");
        report.Note("Baseline's requests by kind: " + naiveCalls.Describe());
        var met = ourCalls.Google <= staffCount && ourCalls.GoogleWrites == 0 && ourCalls.TableWrites == 0
            && singleRequests <= OperationsGoal && singleRoundTrips <= RoundTripsGoal && singleCalls.TableWrites == 0 && singleCalls.Google == 1;
        report.Judge(met,
            $"{Format.N(Each(ourCalls.Google), 2)} Google calls and {Format.N(Each(ourCalls.TableWrites), 2)} table writes per staff member; a quiet run alone made " +
            $"{Format.N(singleRequests)} storage operations in {Format.N(singleRoundTrips)} sequential round trip{(singleRoundTrips == 1 ? "" : "s")} (the connection, the control row and the change feed's head at once). " +
            "It takes no lease and writes no log row; the connection records a quiet run once after a run that changed something, and then hourly (`RunRecording.QuietRecordInterval`).");
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
