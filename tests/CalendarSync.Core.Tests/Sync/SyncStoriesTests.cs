using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Fakes;
using CalendarSync.Core.Tests.Scenarios;

namespace CalendarSync.Core.Tests.Sync;

public sealed class SyncStoriesTests
{
    [Theory]
    [MemberData(nameof(SyncStories.Names), MemberType = typeof(SyncStories))]
    public async Task Story_InMemory_KeepsEveryPromiseAfterEveryCompletedRun(string story)
    {
        var staff = new StaffMember("s1", "Sam Staff", "sam@example.com", "Europe/Berlin");
        await using var world = new InMemorySyncWorld(staff, SyncTestbed.Now);
        var runner = new SyncScenarioRunner(world, StaffSyncModelTests.OptionsFor("Europe/Berlin", ConflictPolicy.AppointmentDataWins));

        await runner.RunAsync(SyncStories.Get(story), TestContext.Current.CancellationToken);

        Assert.True(runner.CompletedRuns > 0);
    }
}
