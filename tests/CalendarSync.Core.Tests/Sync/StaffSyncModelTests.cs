using System.Diagnostics;
using System.Globalization;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;
using CalendarSync.Core.Tests.Scenarios;
using CsCheck;

namespace CalendarSync.Core.Tests.Sync;

/// <summary>
/// The model-based proof: random histories on both sides, runs with faults at random port calls, and after every
/// completed run the promises of <see cref="SyncInvariants"/> plus a second run that writes nothing.
/// <c>CALENDARSYNC_MODEL_CASES=300000 dotnet test tests/CalendarSync.Core.Tests</c> runs a longer search.
/// </summary>
public class StaffSyncModelTests
{
    /// <summary>How many random histories a run checks unless <c>CALENDARSYNC_MODEL_CASES</c> says otherwise.</summary>
    protected virtual int DefaultCases => 10_000;

    /// <summary>How many histories run at once (CsCheck's threads; -1: one per core).</summary>
    protected virtual int Threads => -1;

    /// <summary>Whether the histories must include a run cut by the time budget: one in a few hundred is, so only a long search is sure to.</summary>
    protected virtual bool MustCutByBudget => true;

    /// <summary>A fresh world for one history: every port in memory here.</summary>
    protected virtual ValueTask<InMemorySyncWorld> NewWorldAsync(StaffMember staff, DateTimeOffset start, bool forgetsReplacedInstances) =>
        ValueTask.FromResult(new InMemorySyncWorld(staff, start, forgetsReplacedInstances));

    /// <summary>Scenarios start five days before Europe's DST change (2026-10-25) and twelve before America's (2026-11-01).</summary>
    private static readonly DateTimeOffset ScenarioStart = new(2026, 10, 20, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunAsync_RandomHistoriesWithFaults_SidesAgreeNothingLostOrDuplicatedAndRerunWritesNothing()
    {
        var cases = int.TryParse(Environment.GetEnvironmentVariable("CALENDARSYNC_MODEL_CASES"), CultureInfo.InvariantCulture, out var n)
            ? n
            : DefaultCases;
        var completedRuns = 0;
        var faultedRuns = 0;
        var partialRuns = 0;
        var watch = Stopwatch.StartNew();

        await ScenarioGen.Case.SampleAsync(
            async (zone, policy, direction, pageSize, steps, forgetsReplacedInstances) =>
            {
                var staff = new StaffMember("s1", "Sam Staff", "sam@example.com", zone);
                await using var world = await NewWorldAsync(staff, ScenarioStart, forgetsReplacedInstances);
                var runner = new SyncScenarioRunner(world, OptionsFor(zone, policy, pageSize), direction);
                await runner.RunAsync(steps, CancellationToken.None);
                Interlocked.Add(ref completedRuns, runner.CompletedRuns);
                Interlocked.Add(ref faultedRuns, runner.FailedRuns);
                Interlocked.Add(ref partialRuns, runner.PartialRuns);
            },
            iter: cases,
            threads: Threads,
            print: c => $"{c.Item1}, {c.Item2}, {c.Item3}, pages of {c.Item4}, " +
                $"{(c.Item6 ? "replaced instances dropped" : "replaced instances cancelled")}, {c.Item5.Length} steps:\n  {string.Join("\n  ", c.Item5)}");

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{cases} cases, {completedRuns} completed runs checked, {faultedRuns} runs killed by a fault, {partialRuns} cut by the time budget, in {watch.Elapsed.TotalSeconds:F1} s.");
        Assert.True(faultedRuns > 0 && (partialRuns > 0 || !MustCutByBudget) && completedRuns > cases, "The histories must exercise faults and budget cuts.");
    }

    /// <summary>Small pages so that paging is exercised; the brake is off because random histories delete freely (it has its own tests).</summary>
    public static StaffSyncOptions OptionsFor(string zone, ConflictPolicy policy, int pageSize = 3) => new()
    {
        ConflictPolicy = policy,
        BusinessTimeZone = zone,
        PageSize = pageSize,
        MassDeleteMaxShare = 1,
        MassDeleteMinimum = int.MaxValue,
    };
}
