using System.Diagnostics;
using CalendarSync.Bench.Baseline;
using CalendarSync.Bench.Infrastructure;
using CalendarSync.Bench.Reporting;
using CalendarSync.Core.Data;
using CalendarSync.Core.Runs;

namespace CalendarSync.Bench.Scenarios;

/// <summary>One staff member with many synced events: what a cycle costs with 0, 10, 100, 1,000 of them changed.</summary>
internal static class CostGrowth
{
    public static async Task<ScenarioReport> RunAsync(BenchOptions options)
    {
        var total = options.Events ?? (options.Full ? 10_000 : 2_000);
        var changes = options.Changes.Where(c => c <= total).ToList();
        await using var env = await BenchEnvironment.StartAsync(options.Latency);
        var staff = (await env.ConnectStaffAsync(1))[0];
        await Seed.AppointmentsAsync(env, staff.StaffId, total);
        await env.SyncEachAsync([staff], SyncReason.Connect, 1);
        await env.DrainQueueAsync(1);
        await env.SyncEachAsync([staff], SyncReason.Schedule, 1);

        var report = new ScenarioReport(
            $"Cost growth: changes among {Format.N(total)} untouched events",
            "calls and time per cycle grow with the changes only, not with the events");
        report.Columns = ["changed appointments", "Google calls", "storage operations", "time", "naive: Google calls", "naive: storage operations", "naive: time"];
        var store = env.Get<IAppointmentStore>();
        var naive = env.Get<NaiveSync>();
        var round = 0;
        var rows = new List<(int Changes, CallCounts Calls, TimeSpan Time)>();
        foreach (var k in changes)
        {
            round++;
            await Parallel.ForEachAsync(Enumerable.Range(0, k), new ParallelOptions { MaxDegreeOfParallelism = 2 },
                async (i, ct) => await store.SaveAsync(Seed.Appointment(staff.StaffId, i, shiftMinutes: 5 * round), ct));
            var before = env.Tally.Snapshot();
            var watch = Stopwatch.StartNew();
            await env.SyncEachAsync([staff], SyncReason.Schedule, 1);
            rows.Add((k, env.Tally.Snapshot().Since(before), watch.Elapsed));
        }

        // The baseline's cost does not depend on what changed (it rewrites everything), so it runs at the least and the most
        // changes only: on the same staff member, after CalendarSync's cycles were measured.
        var naiveRows = new Dictionary<int, (CallCounts Calls, TimeSpan Time)>();
        foreach (var k in new[] { changes.Min(), changes.Max() }.Distinct())
        {
            round++;
            await Parallel.ForEachAsync(Enumerable.Range(0, k), new ParallelOptions { MaxDegreeOfParallelism = 2 },
                async (i, ct) => await store.SaveAsync(Seed.Appointment(staff.StaffId, i, shiftMinutes: 5 * round), ct));
            var before = env.Tally.Snapshot();
            var watch = Stopwatch.StartNew();
            await naive.RunAsync(staff.StaffId, options.BaselineWrites, CancellationToken.None);
            naiveRows[k] = (env.Tally.Snapshot().Since(before), watch.Elapsed);
        }

        foreach (var (k, calls, time) in rows)
        {
            var baseline = naiveRows.TryGetValue(k, out var n)
                ? new[] { Format.N(n.Calls.Google), Format.N(n.Calls.Storage), Format.Seconds(n.Time) }
                : ["(as above)", "(as above)", "(as above)"];
            report.Row([Format.N(k), Format.N(calls.Google), Format.N(calls.Storage), Format.Seconds(time), .. baseline]);
        }

        var zero = rows[0];
        var most = rows[^1];
        var perChange = most.Changes == zero.Changes ? 0 : (double)(most.Calls.All - zero.Calls.All) / (most.Changes - zero.Changes);
        report.Note($"One staff member with {Format.N(total)} appointments, all in Google already; each row first changes that many appointments' times " +
                    $"in the appointment data, then runs one cycle (the queue function's processor). Google latency {options.LatencyMs} ms a round trip; " +
                    $"the baseline sends {options.BaselineWrites} writes at once.");
        report.Note($"With no change a cycle costs {Format.N(zero.Calls.All)} requests in all ({zero.Calls.Describe()}); " +
                    $"each change adds {Format.N(perChange, 2)} requests on average.");
        report.Note($"Where the time of the largest cycle went: {most.Calls.Split(most.Time)}.");
        var flat = zero.Calls.Google <= 1 && zero.Calls.Storage <= 20;
        report.Judge(flat, flat
            ? $"an unchanged cycle costs {Format.N(zero.Calls.Google)} Google call whatever the {Format.N(total)} events; the cost grows with the changes only."
            : $"an unchanged cycle costs {Format.N(zero.Calls.Google)} Google calls and {Format.N(zero.Calls.Storage)} storage operations: it grows with the events.");
        return report;
    }
}
