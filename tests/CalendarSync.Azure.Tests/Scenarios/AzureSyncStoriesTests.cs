using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Scenarios;
using CalendarSync.Testing;

namespace CalendarSync.Azure.Tests.Scenarios;

/// <summary>The sync engine's named stories, played once against the real stores in Azurite and the Google emulator.</summary>
public sealed class AzureSyncStoriesTests(AzuriteFixture azurite, EmulatorFixture emulator)
{
    /// <summary>The day the in-memory stories start on (SyncTestbed.Now): a week before Berlin's DST change.</summary>
    private static readonly DateTimeOffset Start = new(2026, 10, 20, 6, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(SyncStories.Names), MemberType = typeof(SyncStories))]
    public async Task Story_AzuriteAndEmulator_KeepsEveryPromiseAfterEveryCompletedRun(string story)
    {
        await using var world = await AzureSyncWorld.CreateAsync(azurite, emulator, Start, TestContext.Current.CancellationToken);

        // As the in-memory suite: small pages so paging is exercised; the brake is off, as stories delete freely.
        var runner = new SyncScenarioRunner(world, new StaffSyncOptions
        {
            BusinessTimeZone = "Europe/Berlin",
            PageSize = 3,
            MassDeleteMaxShare = 1,
            MassDeleteMinimum = int.MaxValue,
        });

        await runner.RunAsync(SyncStories.Get(story), TestContext.Current.CancellationToken);

        Assert.True(runner.CompletedRuns > 0);
    }
}
