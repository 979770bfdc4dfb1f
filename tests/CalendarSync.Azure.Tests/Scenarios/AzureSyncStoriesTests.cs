using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Scenarios;
using CalendarSync.Testing;

namespace CalendarSync.Azure.Tests.Scenarios;

/// <summary>The sync engine's named stories, played once against the real stores in Azurite and the Google emulator.</summary>
public sealed class AzureSyncStoriesTests(AzuriteFixture azurite, EmulatorFixture emulator)
{
    /// <summary>The day the in-memory stories start on (SyncTestbed.Now): a week before Berlin's DST change.</summary>
    private static readonly DateTimeOffset Start = new(2026, 10, 20, 6, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Stories that fail here with the in-memory stores just as with ours (checked by swapping them in), so the cause is
    /// between the engine, our Google client and the emulator, not in Table Storage. Open: whether Google lists the
    /// instances a moved series replaced as cancelled (the emulator does not, the in-memory calendar does).
    /// </summary>
    private static readonly Dictionary<string, string> KnownFailures = new(StringComparer.Ordinal)
    {
        ["recurring event across the DST change, one instance moved"] =
            "After the staff member moves the whole series, the blocks of the instances it replaced stay (10 Google-origin " +
            "blocks for 6 blocking events): the emulator's incremental listing then has the instances under their new ids but " +
            "does not list the old instance ids as cancelled, where FakeGoogleCalendar does. Which one is Google is open.",
    };

    public static IEnumerable<TheoryDataRow<string>> Stories =>
        SyncStories.Names.Select(row => row.Data)
            .Select(name => new TheoryDataRow<string>(name) { Skip = KnownFailures.GetValueOrDefault(name) });

    [Theory]
    [MemberData(nameof(Stories))]
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
