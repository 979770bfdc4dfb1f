using System.Diagnostics;
using CalendarSync.Bench.Baseline;
using CalendarSync.Bench.Infrastructure;
using CalendarSync.Bench.Reporting;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Data;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;

namespace CalendarSync.Bench.Scenarios;

/// <summary>How long a change takes to reach the other side on the fast paths: the data API's <c>?sync=now</c>, and Google push.</summary>
internal static class ChangeLatency
{
    private static readonly TimeSpan Goal = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    public static async Task<ScenarioReport> RunAsync(BenchOptions options)
    {
        await using var receiver = await PushReceiver.StartAsync();
        // In Development the settings take a plain-HTTP loopback address for the emulator's notifications.
        await using var env = await BenchEnvironment.StartAsync(
            options.Latency, new Dictionary<string, string?> { ["Google__NotificationUri"] = receiver.Address.AbsoluteUri });
        receiver.DeliverTo(env.Get<PushNotificationService>());
        var staff = (await env.ConnectStaffAsync(1))[0];
        await Seed.AppointmentsAsync(env, staff.StaffId, 20);
        await env.InsertGoogleEventsAsync(staff, Seed.GoogleEvents(5));
        await env.SyncEachAsync([staff], SyncReason.Connect, 1);
        var opened = await env.Get<PushChannelService>().RenewAsync(CancellationToken.None);
        if (opened.Renewed != 1)
        {
            throw new InvalidOperationException("The push channel did not open: " + string.Join("; ", opened.Failures.Select(f => f.Error.Message)));
        }

        using var stop = new CancellationTokenSource();
        var trigger = env.RunQueueTriggerAsync(options.Concurrency, stop.Token);
        var data = env.Get<AppointmentDataService>();
        var pauses = new Random(8);
        var dataApi = new List<double>();
        var push = new List<double>();
        try
        {
            for (var i = 0; i < options.Samples; i++)
            {
                // Changes come at different points of the trigger's polling back-off.
                await Task.Delay(pauses.Next(300, 2500));
                var appointment = Seed.Appointment(staff.StaffId, 1000 + i);
                dataApi.Add(await TimeAsync(env, staff.StaffId, r => r.Created > 0,
                    () => data.SaveAsync(appointment, syncNow: true, CancellationToken.None)));
            }

            for (var i = 0; i < options.Samples; i++)
            {
                await Task.Delay(pauses.Next(300, 2500));
                push.Add(await TimeAsync(env, staff.StaffId, r => r.Imported > 0,
                    () => env.InsertGoogleEventAsync(staff, Seed.GoogleEvent(1000 + i))));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await trigger;
        }

        // The baseline has no fast path: a change waits for its five-minute cycle, then for the cycle's own run.
        var naiveStaff = (await env.ConnectStaffAsync(1))[0];
        await Seed.AppointmentsAsync(env, naiveStaff.StaffId, 20);
        await env.InsertGoogleEventsAsync(naiveStaff, Seed.GoogleEvents(5));
        var naive = env.Get<NaiveSync>();
        await naive.RunAsync(naiveStaff.StaffId, options.BaselineWrites, CancellationToken.None);
        var watch = Stopwatch.StartNew();
        await naive.RunAsync(naiveStaff.StaffId, options.BaselineWrites, CancellationToken.None);
        var cycle = watch.Elapsed.TotalMilliseconds;

        var report = new ScenarioReport("Change latency: a change on one side, seen on the other", $"p95 at most {Goal.TotalSeconds:0} s");
        report.Columns = ["path", "samples", "p50", "p95", "max", "naive baseline p50", "naive baseline p95"];
        report
            .Row("appointment put with `?sync=now` → Google", Format.N(dataApi.Count), Format.Ms(P(dataApi, 50)), Format.Ms(P(dataApi, 95)), Format.Ms(dataApi.Max()),
                Format.Ms((Interval.TotalMilliseconds * 0.50) + cycle), Format.Ms((Interval.TotalMilliseconds * 0.95) + cycle))
            .Row("Google change with a push channel → blocked time", Format.N(push.Count), Format.Ms(P(push, 50)), Format.Ms(P(push, 95)), Format.Ms(push.Max()),
                Format.Ms((Interval.TotalMilliseconds * 0.50) + cycle), Format.Ms((Interval.TotalMilliseconds * 0.95) + cycle));
        report.Note("From the call that makes the change to the end of the sync run that carried it across: `AppointmentDataService.SaveAsync` " +
                    "(the data API's service) queues a manual sync; a Google insert makes the emulator notify the push channel, whose notification " +
                    "`PushNotificationService` (the notifications function's service) turns into a queued push sync. The queue is drained as the " +
                    "queue trigger does, polling with a back-off up to host.json's 2 s `maxPollingInterval`, so up to 2 s of each figure is polling.");
        report.Note($"Google latency {options.LatencyMs} ms a round trip. Changes are spaced 0.3 to 2.5 s apart at random.");
        report.Note($"The baseline has no fast path: a change waits for the next five-minute cycle (uniformly 0 to 5 min), then for the cycle's run " +
                    $"({Format.Ms(cycle)} measured for a staff member with the same data); its figures are that wait's percentiles plus the run.");
        var worst = Math.Max(P(dataApi, 95), P(push, 95));
        report.Judge(worst <= Goal.TotalMilliseconds, $"p95 {Format.Ms(P(dataApi, 95))} through the data API, {Format.Ms(P(push, 95))} through push.");
        return report;
    }

    private static async Task<double> TimeAsync(BenchEnvironment env, string staffId, Func<SyncRunResult, bool> carried, Func<Task> change)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRun(SyncRunResult result)
        {
            if (result.StaffId == staffId && carried(result))
            {
                arrived.TrySetResult();
            }
        }

        env.Observer.RunCompleted += OnRun;
        try
        {
            var started = Stopwatch.GetTimestamp();
            await change();
            await arrived.Task.WaitAsync(GiveUp);
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        finally
        {
            env.Observer.RunCompleted -= OnRun;
        }
    }

    private static double P(List<double> samples, int percentile)
    {
        var sorted = samples.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }
}
