using System.Diagnostics;
using CalendarSync.Bench.Baseline;
using CalendarSync.Bench.Infrastructure;
using CalendarSync.Bench.Reporting;
using CalendarSync.Core.Runs;

namespace CalendarSync.Bench.Scenarios;

/// <summary>The first sync of a staff member who already has appointments: how many round trips it takes to put them in Google.</summary>
internal static class FirstPush
{
    private const int RoundTripGoal = 15;
    private const int StorageRoundTripGoal = 40;
    private const int TimeRatioGoal = 8;
    private const int WarmUpAppointments = 50;

    public static async Task<ScenarioReport> RunAsync(BenchOptions options)
    {
        var count = options.Appointments;
        await using var env = await BenchEnvironment.StartAsync(options.Latency);
        var (ourTime, ourCalls, storageRoundTrips) = await FirstSyncAsync(env, count);

        // The same on the PostgreSQL store: the appointment data in the database, the sync's bookkeeping in tables.
        (TimeSpan Time, CallCounts Calls, int StorageRoundTrips) pg;
        await using (var pgEnv = await BenchEnvironment.StartAsync(options.Latency, postgres: true))
        {
            pg = await FirstSyncAsync(pgEnv, count);
        }

        var (pgTime, pgCalls, pgStorageRoundTrips) = pg;

        var watch = Stopwatch.StartNew();

        // The baseline warmed up the same way.
        var naiveWarmUp = (await env.ConnectStaffAsync(1))[0];
        await Seed.AppointmentsAsync(env, naiveWarmUp.StaffId, WarmUpAppointments);
        await env.Get<NaiveSync>().RunAsync(naiveWarmUp.StaffId, options.BaselineWrites, CancellationToken.None);

        var naive = (await env.ConnectStaffAsync(1))[0];
        await Seed.AppointmentsAsync(env, naive.StaffId, count);
        var before = env.Tally.Snapshot();
        watch.Restart();
        await env.Get<NaiveSync>().RunAsync(naive.StaffId, options.BaselineWrites, CancellationToken.None);
        var naiveTime = watch.Elapsed;
        var naiveCalls = env.Tally.Snapshot().Since(before);

        var report = new ScenarioReport(
            $"First push of {Format.N(count)} appointments",
            $"at most {RoundTripGoal} round trips to Google and {StorageRoundTripGoal} to storage; at most 1/{TimeRatioGoal} of the baseline's time");
        report.Columns = ["first sync of one staff member", "CalendarSync", "CalendarSync on PostgreSQL", "naive baseline"];
        report
            .Row("Google round trips (all)", Format.N(ourCalls.Google), Format.N(pgCalls.Google), Format.N(naiveCalls.Google))
            .Row("of which batch requests (up to 50 writes each)", Format.N(ourCalls.Get(CallCounts.GoogleBatch)), Format.N(pgCalls.Get(CallCounts.GoogleBatch)), Format.N(naiveCalls.Get(CallCounts.GoogleBatch)))
            .Row("of which single writes", Format.N(ourCalls.Get(CallCounts.GoogleWrite)), Format.N(pgCalls.Get(CallCounts.GoogleWrite)), Format.N(naiveCalls.Get(CallCounts.GoogleWrite)))
            .Row("of which events.list", Format.N(ourCalls.Get(CallCounts.GoogleList)), Format.N(pgCalls.Get(CallCounts.GoogleList)), Format.N(naiveCalls.Get(CallCounts.GoogleList)))
            .Row("of which OAuth token", Format.N(ourCalls.Get(CallCounts.GoogleOAuth)), Format.N(pgCalls.Get(CallCounts.GoogleOAuth)), Format.N(naiveCalls.Get(CallCounts.GoogleOAuth)))
            .Row("table reads / writes (a transaction of up to 100 rows is one write)", $"{Format.N(ourCalls.TableReads)} / {Format.N(ourCalls.TableWrites)}", $"{Format.N(pgCalls.TableReads)} / {Format.N(pgCalls.TableWrites)}", $"{Format.N(naiveCalls.TableReads)} / {Format.N(naiveCalls.TableWrites)}")
            .Row("PostgreSQL commands (each one round trip)", "", Format.N(pgCalls.Postgres), "")
            .Row("storage round trips, tables and PostgreSQL (requests sent together count once)", Format.N(storageRoundTrips), Format.N(pgStorageRoundTrips), "")
            .Row("time", Format.Seconds(ourTime), Format.Seconds(pgTime), Format.Seconds(naiveTime));
        report.Note($"Each column is measured after a warm-up push of {WarmUpAppointments} appointments for another staff member in the same process. " +
                    $"Google latency {options.LatencyMs} ms a round trip; the baseline sends {options.BaselineWrites} writes at once (`--baseline-writes`), each an update that finds nothing and then an insert.");
        report.Note("CalendarSync's time: " + ourCalls.Split(ourTime) + ".");
        report.Note("CalendarSync's time on PostgreSQL: " + pgCalls.Split(pgTime) + ".");
        report.Note("PostgreSQL commands are counted by Npgsql's own activity source: each command or batch it sends is one round trip " +
                    "(a pooled connection's reset travels with the next one).");
        var ratio = naiveTime / ourTime;
        report.Judge(ourCalls.Google <= RoundTripGoal && storageRoundTrips <= StorageRoundTripGoal && pgStorageRoundTrips <= StorageRoundTripGoal && ratio >= TimeRatioGoal,
            $"{Format.N(ourCalls.Google)} Google round trips ({Format.N(ourCalls.Get(CallCounts.GoogleBatch))} of them batches), " +
            $"{Format.N(storageRoundTrips)} storage round trips ({Format.N(pgStorageRoundTrips)} on PostgreSQL), {Format.N(ratio, 1)}× faster than the baseline.");
        return report;
    }

    /// <summary>Seeds one staff member's appointments and times their first sync: its time, its calls, and its storage round trips.</summary>
    private static async Task<(TimeSpan Time, CallCounts Calls, int StorageRoundTrips)> FirstSyncAsync(BenchEnvironment env, int count)
    {
        // A first push of another staff member's few appointments first: the runtime compiles the code once per process,
        // and a Functions worker has long done so by the time a staff member connects.
        var warmUp = (await env.ConnectStaffAsync(1))[0];
        await Seed.AppointmentsAsync(env, warmUp.StaffId, WarmUpAppointments);
        await env.SyncEachAsync([warmUp], SyncReason.Connect, 1);

        var staff = (await env.ConnectStaffAsync(1))[0];
        await Seed.AppointmentsAsync(env, staff.StaffId, count);
        var before = env.Tally.Snapshot();
        env.Tally.StartTimeline();
        var watch = Stopwatch.StartNew();
        await env.SyncEachAsync([staff], SyncReason.Connect, 1);
        var time = watch.Elapsed;
        var calls = env.Tally.Snapshot().Since(before);
        var (_, roundTrips) = env.Tally.StopTimeline("table", "postgres");
        return (time, calls, roundTrips);
    }
}
