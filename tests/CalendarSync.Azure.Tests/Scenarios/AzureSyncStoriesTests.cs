using System.Net.Http.Json;
using CalendarSync.Core.Sync;
using CalendarSync.Core.Tests.Scenarios;
using CalendarSync.Emulator;
using CalendarSync.Testing;

namespace CalendarSync.Azure.Tests.Scenarios;

/// <summary>The sync engine's named stories, played against the real stores in Azurite and the Google emulator.</summary>
public sealed class AzureSyncStoriesTests(AzuriteFixture azurite, EmulatorFixture emulator)
{
    /// <summary>The day the in-memory stories start on (SyncTestbed.Now): a week before Berlin's DST change.</summary>
    private static readonly DateTimeOffset Start = new(2026, 10, 20, 6, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Every story on the emulator as it is; the stories with a series again where a change to a whole series lists the
    /// instances it did away with as cancelled (no source settles which Google does); and every story where Google
    /// answers short and empty pages that still name a next page.
    /// </summary>
    public static IEnumerable<TheoryDataRow<string, string?>> StoriesAndFaults =>
        SyncStories.Names.SelectMany(row =>
        {
            var story = row.Data;
            var rows = new List<TheoryDataRow<string, string?>> { new(story, null), new(story, "shortPages") };
            if (SyncStories.Get(story).Any(step => step.Repeat > 0))
            {
                rows.Add(new(story, "cancelReplacedInstances"));
            }

            return rows;
        });

    [Theory]
    [MemberData(nameof(StoriesAndFaults))]
    public async Task Story_AzuriteAndEmulator_KeepsEveryPromiseAfterEveryCompletedRun(string story, string? standingFault)
    {
        var cancel = TestContext.Current.CancellationToken;

        // Faults strike every caller of an emulator: a story with one has an emulator of its own.
        await using var own = standingFault is null ? null : await EmulatorHost.StartAsync(cancellationToken: cancel);
        var google = own?.BaseUri ?? emulator.BaseUri;
        if (standingFault is not null)
        {
            using var http = new HttpClient { BaseAddress = google };
            using var answer = await http.PostAsJsonAsync("emulator/faults", new { kind = standingFault }, cancel);
            answer.EnsureSuccessStatusCode();
        }

        await using var world = await AzureSyncWorld.CreateAsync(azurite, google, Start, cancel);

        // As the in-memory suite: small pages so paging is exercised; the brake is off, as stories delete freely.
        var runner = new SyncScenarioRunner(world, new StaffSyncOptions
        {
            BusinessTimeZone = "Europe/Berlin",
            PageSize = 3,
            MassDeleteMaxShare = 1,
            MassDeleteMinimum = int.MaxValue,
        });

        await runner.RunAsync(SyncStories.Get(story), cancel);

        Assert.True(runner.CompletedRuns > 0);
    }
}
