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

    public static async Task<ScenarioReport> RunAsync(BenchOptions options)
    {
        var count = options.Appointments;
        await using var env = await BenchEnvironment.StartAsync(options.Latency);
        var ours = (await env.ConnectStaffAsync(1))[0];
        await Seed.AppointmentsAsync(env, ours.StaffId, count);

        var before = env.Tally.Snapshot();
        env.Tally.StartTimeline();
        var watch = Stopwatch.StartNew();
        await env.SyncEachAsync([ours], SyncReason.Connect, 1);
        var ourTime = watch.Elapsed;
        var ourCalls = env.Tally.Snapshot().Since(before);
        var (_, storageRoundTrips) = env.Tally.StopTimeline("table");

        var naive = (await env.ConnectStaffAsync(1))[0];
        await Seed.AppointmentsAsync(env, naive.StaffId, count);
        before = env.Tally.Snapshot();
        watch.Restart();
        await env.Get<NaiveSync>().RunAsync(naive.StaffId, options.BaselineWrites, CancellationToken.None);
        var naiveTime = watch.Elapsed;
        var naiveCalls = env.Tally.Snapshot().Since(before);

        var report = new ScenarioReport(
            $"First push of {Format.N(count)} appointments",
            $"at most {RoundTripGoal} round trips to Google and {StorageRoundTripGoal} to storage; at most 1/{TimeRatioGoal} of the baseline's time");
        report.Columns = ["first sync of one staff member", "CalendarSync", "naive baseline"];
        report
            .Row("Google round trips (all)", Format.N(ourCalls.Google), Format.N(naiveCalls.Google))
            .Row("of which batch requests (up to 50 writes each)", Format.N(ourCalls.Get(CallCounts.GoogleBatch)), Format.N(naiveCalls.Get(CallCounts.GoogleBatch)))
            .Row("of which single writes", Format.N(ourCalls.Get(CallCounts.GoogleWrite)), Format.N(naiveCalls.Get(CallCounts.GoogleWrite)))
            .Row("of which events.list", Format.N(ourCalls.Get(CallCounts.GoogleList)), Format.N(naiveCalls.Get(CallCounts.GoogleList)))
            .Row("of which OAuth token", Format.N(ourCalls.Get(CallCounts.GoogleOAuth)), Format.N(naiveCalls.Get(CallCounts.GoogleOAuth)))
            .Row("table reads / writes (a transaction of up to 100 rows is one write)", $"{Format.N(ourCalls.TableReads)} / {Format.N(ourCalls.TableWrites)}", $"{Format.N(naiveCalls.TableReads)} / {Format.N(naiveCalls.TableWrites)}")
            .Row("storage round trips (requests sent together count once)", Format.N(storageRoundTrips), "")
            .Row("time", Format.Seconds(ourTime), Format.Seconds(naiveTime));
        report.Note($"Google latency {options.LatencyMs} ms a round trip; the baseline sends {options.BaselineWrites} writes at once (`--baseline-writes`), each an update that finds nothing and then an insert.");
        report.Note("CalendarSync's time: " + ourCalls.Split(ourTime) + ".");
        var ratio = naiveTime / ourTime;
        report.Judge(ourCalls.Google <= RoundTripGoal && storageRoundTrips <= StorageRoundTripGoal && ratio >= TimeRatioGoal,
            $"{Format.N(ourCalls.Google)} Google round trips ({Format.N(ourCalls.Get(CallCounts.GoogleBatch))} of them batches), " +
            $"{Format.N(storageRoundTrips)} storage round trips, {Format.N(ratio, 1)}× faster than the baseline.");
        return report;
    }
}
