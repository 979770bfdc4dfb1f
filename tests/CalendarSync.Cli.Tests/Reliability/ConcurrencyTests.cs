using System.Text.Json.Nodes;
using CalendarSync.Core.Data;
using CalendarSync.Core.Runs;

namespace CalendarSync.Cli.Tests.Reliability;

/// <summary>
/// Concurrency (docs/reliability.md, "Concurrency"): the same staff member synced by two calsync processes at once, and a
/// sweep started while the previous one still drains, as when the timer fires again. Google answers each call 100 ms late,
/// so every run lasts long enough for two to overlap if the lease let them. Proof of "never in parallel": the sync log's
/// runs of one staff member never overlap in time.
/// </summary>
public sealed class ConcurrencyTests
{
    private const int SlowGoogleMs = 100;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OneStaffMember_TwoProcessesAtOnce_RunOneAfterTheOtherAndLoseNothing()
    {
        var size = ReliabilitySize.FromEnvironment();
        await using var world = await ReliabilityWorld.StartAsync(Cancel);
        var sides = new BothSides(world.Service<AppointmentDataService>(), new Random(7));
        using var staff = await world.ConnectAsync("pair-0001", "Europe/Berlin", Cancel);
        await sides.SeedAsync(staff, Cancel);

        var turnedAway = 0;
        for (var round = 1; round <= size.ConcurrencyRounds; round++)
        {
            if (round > 1)
            {
                await sides.ChangeAsync(staff, Cancel);
            }

            await world.FaultAsync(new { kind = "latency", path = "/calendar/v3/*", latencyMs = SlowGoogleMs }, Cancel);
            using var first = world.Calsync("sweep", "--staff", staff.StaffId, "--json");
            using var second = world.Calsync("sweep", "--staff", staff.StaffId, "--json");
            var exitCodes = await Task.WhenAll(first.WaitAsync(size.SweepTimeout, Cancel), second.WaitAsync(size.SweepTimeout, Cancel));
            await world.ClearFaultsAsync(Cancel);

            Assert.True(exitCodes.All(c => c == 0), $"Round {round}: exit codes {string.Join(", ", exitCodes)}:\n{NotDone(first.Output)}\n{NotDone(second.Output)}");
            turnedAway += Skipped(first.Output) + Skipped(second.Output);
            var problems = await SyncAgreement.CheckAsync(world, staff, Cancel);
            Assert.True(problems.Count == 0, $"Round {round}:\n" + string.Join(Environment.NewLine, problems));
        }

        var runs = await world.SyncLogAsync(staff.StaffId, Cancel);
        ReliabilityWorld.Report($"{size.ConcurrencyRounds} rounds of two `calsync sweep --staff` at once: {runs.Count} runs logged, " +
            $"{turnedAway} messages turned away by the lease, no overlap, nothing lost or duplicated");
        AssertNoOverlap(runs);
        Assert.True(runs.Count >= size.ConcurrencyRounds, $"{runs.Count} runs for {size.ConcurrencyRounds} rounds.");
        Assert.Empty(await world.LeasesHeldAsync(Cancel));
    }

    [Fact]
    public async Task Sweep_StartedWhileThePreviousStillDrains_RunsNoStaffMemberTwiceAtOnce()
    {
        var size = ReliabilitySize.FromEnvironment();
        var staffCount = size.ConcurrencyStaff;
        await using var world = await ReliabilityWorld.StartAsync(Cancel);
        var sides = new BothSides(world.Service<AppointmentDataService>(), new Random(11));
        var staff = await world.ConnectManyAsync("timer", staffCount, ["Europe/Berlin"], sides.SeedAsync, Cancel);

        var rounds = Math.Max(2, size.ConcurrencyRounds / 5);
        for (var round = 1; round <= rounds; round++)
        {
            if (round > 1)
            {
                foreach (var member in staff)
                {
                    await sides.ChangeAsync(member, Cancel);
                }
            }

            await world.FaultAsync(new { kind = "latency", path = "/calendar/v3/*", latencyMs = SlowGoogleMs }, Cancel);
            var heldBefore = await world.LeasesHeldAsync(Cancel);
            using var previous = world.Calsync("sweep", "--json");
            while ((await world.LeasesHeldAsync(Cancel)).All(heldBefore.Contains) && !previous.HasExited)
            {
                await Task.Delay(50, Cancel);
            }

            Assert.False(previous.HasExited, $"Round {round}: the first sweep ended before the second could start beside it.");
            using var next = world.Calsync("sweep", "--json");
            var exitCodes = await Task.WhenAll(previous.WaitAsync(size.SweepTimeout, Cancel), next.WaitAsync(size.SweepTimeout, Cancel));
            await world.ClearFaultsAsync(Cancel);
            Assert.True(exitCodes.All(c => c == 0), $"Round {round}: exit codes {string.Join(", ", exitCodes)}:\n{NotDone(previous.Output)}\n{NotDone(next.Output)}");
        }

        var problems = new List<string>();
        var runs = 0;
        foreach (var member in staff)
        {
            problems.AddRange(await SyncAgreement.CheckAsync(world, member, Cancel));
            var log = await world.SyncLogAsync(member.StaffId, Cancel);
            AssertNoOverlap(log);
            runs += log.Count;
        }

        ReliabilityWorld.Report($"{rounds} rounds of a sweep started while the previous drains, {staffCount} staff: {runs} runs logged, no overlap");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Empty(await world.LeasesHeldAsync(Cancel));
        Assert.Equal(0, (await world.Queue.GetPropertiesAsync(Cancel)).Value.ApproximateMessagesCount);
        foreach (var member in staff)
        {
            member.Dispose();
        }
    }

    /// <summary>Each run starts after the one before it ended: the sync log's start and duration, both measured by the run itself.</summary>
    private static void AssertNoOverlap(IReadOnlyList<SyncLogEntry> runs)
    {
        for (var i = 1; i < runs.Count; i++)
        {
            var before = runs[i - 1];
            Assert.True(runs[i].StartedAt >= before.StartedAt + before.Duration,
                $"{runs[i].StaffId}: a run started at {runs[i].StartedAt:O}, while the one started at {before.StartedAt:O} ran for {before.Duration}.");
        }
    }

    /// <summary>Messages a sweep's <c>--json</c> shows as skipped: another process held the staff member's lease.</summary>
    private static int Skipped(string output) => Rows(output).Count(row => Outcome(row) == "Skipped");

    /// <summary>What a failed sweep's <c>--json</c> says about the messages that did not end well, and what else it wrote.</summary>
    private static string NotDone(string output)
    {
        var start = output.IndexOf('[', StringComparison.Ordinal);
        var end = output.LastIndexOf(']');
        if (start < 0 || end < start)
        {
            return output;
        }

        var rows = Rows(output).Where(row => Outcome(row) is not ("Succeeded" or "Skipped")).Select(row => row!.ToJsonString());
        return string.Join(Environment.NewLine, [output[..start].Trim(), .. rows, output[(end + 1)..].Trim()]);
    }

    private static JsonArray Rows(string output) =>
        JsonNode.Parse(output[output.IndexOf('[', StringComparison.Ordinal)..(output.LastIndexOf(']') + 1)])!.AsArray();

    private static string? Outcome(JsonNode? row) => (string?)(row!["outcome"] ?? row["Outcome"]);
}
