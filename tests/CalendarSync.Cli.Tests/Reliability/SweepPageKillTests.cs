using CalendarSync.Core.Data;
using CalendarSync.Core.Runs;

namespace CalendarSync.Cli.Tests.Reliability;

/// <summary>
/// A sweep's message names a page of staff members (docs/storage.md, "Queue messages"): a calsync killed while the page
/// runs leaves the page on the queue, which comes back whole once its start window and leases have passed, and the next
/// sweep leaves every member agreeing with Google, nothing lost and nothing duplicated.
/// </summary>
public sealed class SweepPageKillTests
{
    private const int Staff = 6;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sweep_KilledMidPage_ThePageComesBackWholeAndEveryMemberAgrees()
    {
        var size = ReliabilitySize.FromEnvironment();
        await using var world = await ReliabilityWorld.StartAsync(Cancel);
        var sides = new BothSides(world.Service<AppointmentDataService>(), new Random(17));
        var staff = await world.ConnectManyAsync("page", Staff, ["Europe/Berlin"], sides.SeedAsync, Cancel);
        Assert.Equal(0, await Sweeps.RunAsync(world, size.SweepTimeout, Cancel));
        foreach (var member in staff)
        {
            await sides.ChangeAsync(member, Cancel);
        }

        // Two runs of the page at a time, each slow: the kill comes while the page is part done.
        await world.FaultAsync(new { kind = "latency", path = "/calendar/v3/*", latencyMs = 300 }, Cancel);
        var heldBefore = await world.LeasesHeldAsync(Cancel);
        using (var sweep = CalsyncProcess.Start(
            new Dictionary<string, string>(world.Settings) { ["Sync__SweepMessageParallelism"] = "2" }, ["--settings", ReliabilityWorld.SampleSettingsPath, "sweep"]))
        {
            Assert.True(
                await Sweeps.KillWhileDrainingAsync(world, sweep, heldBefore, new Random(17), size.SweepTimeout, Cancel),
                "The sweep ended before a run was under way, so it could not be killed mid-page:\n" + sweep.Output);
        }

        var killedAt = DateTimeOffset.UtcNow;
        await world.ClearFaultsAsync(Cancel);
        var runsBefore = 0;
        foreach (var member in staff)
        {
            runsBefore += (await world.SyncLogAsync(member.StaffId, Cancel)).Count;
        }

        // Not deleted, not poisoned: invisible until every lease it may hold has expired, then back whole.
        Assert.DoesNotContain((await world.Queue.PeekMessagesAsync(32, Cancel)).Value, m => !Read(m.Body).IsSingleRequest);
        var comesBack = killedAt + ReliabilityWorld.SweepMessageStartWindow + ReliabilityWorld.LeaseDuration + TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow;
        if (comesBack > TimeSpan.Zero)
        {
            await Task.Delay(comesBack, Cancel);
        }

        var page = Assert.Single((await world.Queue.PeekMessagesAsync(32, Cancel)).Value.Select(m => Read(m.Body)), p => !p.IsSingleRequest);
        Assert.Equal(staff.Select(s => s.StaffId).Order(), page.Requests.Select(r => r.StaffId).Order());
        Assert.Equal(0, (await world.PoisonQueue.GetPropertiesAsync(Cancel)).Value.ApproximateMessagesCount);

        // The page again, whole: a drain without a new sweep runs every member it names.
        using (var drain = world.Calsync("sweep", "--staff", staff[0].StaffId, "--json"))
        {
            Assert.Equal(0, await drain.WaitAsync(size.SweepTimeout, Cancel));
            foreach (var member in staff)
            {
                Assert.Contains($"\"staffId\": \"{member.StaffId}\"", drain.Output, StringComparison.Ordinal);
            }
        }

        var problems = new List<string>();
        var runsAfter = 0;
        foreach (var member in staff)
        {
            problems.AddRange(await SyncAgreement.CheckAsync(world, member, Cancel));
            runsAfter += (await world.SyncLogAsync(member.StaffId, Cancel)).Count;
        }

        ReliabilityWorld.Report($"a page of {Staff} killed mid-run: {runsBefore} runs logged before the kill, {runsAfter} after the page came back");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Empty(await world.LeasesHeldAsync(Cancel));
        Assert.Equal(0, (await world.PoisonQueue.GetPropertiesAsync(Cancel)).Value.ApproximateMessagesCount);
        foreach (var member in staff)
        {
            member.Dispose();
        }
    }

    // The queue carries base64, as the Functions host expects.
    private static SyncRequestPage Read(BinaryData body) => SyncRequestPage.Parse(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(body.ToString())));
}
