using System.Diagnostics;
using CalendarSync.Core.Data;

namespace CalendarSync.Cli.Tests.Reliability;

/// <summary>
/// The soak (docs/reliability.md, "Soak"): staff members connected through the OAuth flow, both sides changing between
/// sweeps, every sweep a real <c>calsync sweep</c> process under injected Google faults, sync tokens expiring, grants
/// revoked and sweeps killed mid-drain; then the faults stop, one clean sweep runs, and everything must agree.
/// </summary>
public sealed class SoakTests
{
    private const int Parallelism = 8;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sweeps_UnderFaultsExpiriesRevocationsAndKills_LeaveBothSidesAgreeingWithNothingLostOrDuplicated()
    {
        var size = ReliabilitySize.FromEnvironment();
        var watch = Stopwatch.StartNew();
        var random = new Random(20261124);
        await using var world = await ReliabilityWorld.StartAsync(Cancel);
        var sides = new BothSides(world.Service<AppointmentDataService>(), random);
        var zones = new[] { "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney" };
        var staff = await world.ConnectManyAsync("soak", size.Staff, zones, sides.SeedAsync, Cancel);
        ReliabilityWorld.Report($"{size.Name} soak: {size.Staff} staff connected and seeded in {watch.Elapsed.TotalSeconds:0.0} s");

        var killCycles = Enumerable.Range(2, size.Cycles - 1).OrderBy(_ => random.Next()).Take(size.Kills).ToHashSet();
        var revokeCycle = Math.Max(2, size.Cycles / 2);
        var expiryCycles = new HashSet<int> { 3, size.Cycles - 1 };
        var (kills, sweeps, failedSweeps, expiries) = (0, 0, 0, 0);
        var lastKill = DateTimeOffset.MinValue;
        for (var cycle = 1; cycle <= size.Cycles; cycle++)
        {
            if (cycle > 1)
            {
                await Parallel.ForEachAsync(staff.Where(s => !s.Revoked), Options(), async (s, token) => await sides.ChangeAsync(s, token));
            }

            if (cycle == revokeCycle)
            {
                foreach (var revoked in staff.OrderBy(_ => random.Next()).Take(size.Revoked))
                {
                    await world.FaultAsync(new { kind = "revokeGrant", email = revoked.Email }, Cancel);
                    revoked.Revoked = true;
                }
            }

            if (expiryCycles.Contains(cycle))
            {
                await world.FaultAsync(new { kind = "expireSyncTokens" }, Cancel);
                expiries++;
            }

            await FaultPlan.StartAsync(world, Cancel);
            var started = Stopwatch.GetTimestamp();
            string how;
            if (killCycles.Contains(cycle))
            {
                var heldBefore = await world.LeasesHeldAsync(Cancel);
                using var sweep = world.Calsync("sweep");
                var killed = await Sweeps.KillWhileDrainingAsync(world, sweep, heldBefore, random, size.SweepTimeout, Cancel);
                Assert.True(killed, $"Cycle {cycle}: the sweep ended before a run was under way, so it could not be killed mid-drain:\n{sweep.Output}");
                (kills, lastKill, how) = (kills + 1, DateTimeOffset.UtcNow, "killed mid-drain");
            }
            else
            {
                var exitCode = await Sweeps.RunAsync(world, size.SweepTimeout, Cancel);
                failedSweeps += exitCode;
                how = exitCode == 0 ? "every message done" : "some messages failed and stay queued";
            }

            sweeps++;
            await world.ClearFaultsAsync(Cancel);
            ReliabilityWorld.Report($"cycle {cycle}: sweep {how} after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        }

        // A killed run's messages stay invisible, and its leases taken, until a page's start window and the lease duration
        // have passed: only then can the clean sweep see them (a killed page comes back whole, its members that ran finding
        // nothing to do). One clean sweep is enough: it pulls every change made since, and pushes every pending one.
        var waitForKilled = lastKill + ReliabilityWorld.SweepMessageStartWindow + ReliabilityWorld.LeaseDuration + TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow;
        if (waitForKilled > TimeSpan.Zero)
        {
            await Task.Delay(waitForKilled, Cancel);
        }

        var faultStats = await world.FaultStatsAsync(Cancel);
        using (var clean = world.Calsync("sweep", "--json"))
        {
            var exitCode = await clean.WaitAsync(size.SweepTimeout, Cancel);
            Assert.True(exitCode == 0, $"The clean sweep exited with {exitCode}:\n{clean.Output}");
        }

        sweeps++;

        // With Google's timeout at one second (to make faults cheap), a loaded machine can still fail a run of the clean
        // sweep: its member is queued again alone after the defer delay, after the drain found the queue empty. Such
        // messages are drained too (reported), before both sides are compared; a lost or doubled change would still show.
        var redrains = 0;
        while ((await world.Queue.GetPropertiesAsync(Cancel)).Value.ApproximateMessagesCount > 0 && redrains < 3)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), Cancel);
            using var again = world.Calsync("sweep", "--json");
            Assert.Equal(0, await again.WaitAsync(size.SweepTimeout, Cancel));
            redrains++;
        }

        var problems = new List<string>();
        var runs = new Dictionary<string, int>(StringComparer.Ordinal);
        var failures = new Dictionary<string, int>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(staff, Options(), async (s, token) =>
        {
            var found = await SyncAgreement.CheckAsync(world, s, token);
            var log = await world.SyncLogAsync(s.StaffId, token);
            lock (problems)
            {
                problems.AddRange(found);
                foreach (var run in log)
                {
                    runs[run.Outcome.ToString()] = runs.GetValueOrDefault(run.Outcome.ToString()) + 1;
                    if (run.Error is { } error)
                    {
                        failures[error.ToString()] = failures.GetValueOrDefault(error.ToString()) + 1;
                    }
                }
            }
        });

        var held = await world.LeasesHeldAsync(Cancel);
        var queued = (await world.Queue.GetPropertiesAsync(Cancel)).Value.ApproximateMessagesCount;
        var poisoned = (await world.PoisonQueue.GetPropertiesAsync(Cancel)).Value.ApproximateMessagesCount;
        ReliabilityWorld.Report($"{size.Name} soak: {size.Staff} staff, {size.Cycles} cycles + 1 clean, {sweeps} calsync sweeps ({kills} killed mid-drain, " +
            $"{failedSweeps} ended with messages left to retry), {runs.Values.Sum()} sync runs logged " +
            $"({string.Join(", ", runs.OrderBy(r => r.Key).Select(r => $"{r.Key} {r.Value}"))}; failed by error: " +
            $"{string.Join(", ", failures.OrderBy(f => f.Key).Select(f => $"{f.Key} {f.Value}"))}), " +
            $"{sides.LocalWrites} appointment-data writes, {sides.GoogleWrites} staff edits in Google, " +
            $"{faultStats.Requests} Google calls under faults or not, faults struck: " +
            $"{string.Join(", ", faultStats.Struck.OrderBy(f => f.Key).Select(f => $"{f.Key} {f.Value}"))}; " +
            $"sync tokens expired {expiries} times, {size.Revoked} grants revoked; {watch.Elapsed.TotalSeconds:0} s in all");
        ReliabilityWorld.Report($"after the clean sweep: {problems.Count} disagreements, {held.Count} leases held, {queued} messages queued, {poisoned} poisoned ({redrains} drains more for messages queued again)");

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Take(40)));
        Assert.Equal(size.Kills, kills);
        Assert.Empty(held);
        Assert.Equal(0, queued);
        Assert.Equal(0, poisoned);
        Assert.True(faultStats.Struck.Values.Sum() > 0, "No fault struck: the soak proved nothing about faults.");
    }

    private static ParallelOptions Options() => new() { MaxDegreeOfParallelism = Parallelism, CancellationToken = Cancel };
}
