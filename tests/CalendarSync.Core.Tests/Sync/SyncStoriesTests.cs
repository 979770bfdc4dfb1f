using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;
using CalendarSync.Core.Tests.Scenarios;

namespace CalendarSync.Core.Tests.Sync;

/// <summary>The named stories on a world in memory; another store of the appointment data derives with its own <see cref="NewWorldAsync"/>.</summary>
public class SyncStoriesTests
{
    /// <summary>A fresh world for one story: every port in memory here.</summary>
    protected virtual ValueTask<InMemorySyncWorld> NewWorldAsync(StaffMember staff, DateTimeOffset start, bool forgetsReplacedInstances) =>
        ValueTask.FromResult(new InMemorySyncWorld(staff, start, forgetsReplacedInstances));

    /// <summary>Every story twice: with a calendar that lists a series' replaced instances as cancelled, and one that drops them.</summary>
    public static IEnumerable<TheoryDataRow<string, bool>> Stories =>
        SyncStories.Names.SelectMany(row => new[] { new TheoryDataRow<string, bool>(row.Data, false), new TheoryDataRow<string, bool>(row.Data, true) });

    [Theory]
    [MemberData(nameof(Stories))]
    public async Task Story_InMemory_KeepsEveryPromiseAfterEveryCompletedRun(string story, bool forgetsReplacedInstances)
    {
        var staff = new StaffMember("s1", "Sam Staff", "sam@example.com", "Europe/Berlin");
        await using var world = await NewWorldAsync(staff, SyncTestbed.Now, forgetsReplacedInstances);
        var runner = new SyncScenarioRunner(world, StaffSyncModelTests.OptionsFor("Europe/Berlin", ConflictPolicy.AppointmentDataWins));

        await runner.RunAsync(SyncStories.Get(story), TestContext.Current.CancellationToken);

        Assert.True(runner.CompletedRuns > 0);
    }
}
