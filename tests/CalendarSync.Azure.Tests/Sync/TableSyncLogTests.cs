using CalendarSync.Azure.Sync;
using CalendarSync.Azure.Tests.Storage;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using CalendarSync.Testing;

namespace CalendarSync.Azure.Tests.Sync;

public sealed class TableSyncLogTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListAsync_Runs_NewestFirstWithCountsAndPaged()
    {
        var log = new TableSyncLog(TestTables.Create(azurite));
        for (var i = 0; i < 5; i++)
        {
            await log.WriteAsync(Run("s1", Start.AddMinutes(5 * i), created: i), Token);
        }

        await log.WriteAsync(Run("s1", Start.AddMinutes(5), created: 9) with
        {
            Outcome = SyncOutcome.Failed,
            Conflicts = [new SyncConflict(new ItemKey(ItemKind.Appointment, "a1"), "moved", false, ConflictResolution.EventRestored)],
            Skipped = new Dictionary<SkipReason, int> { [SkipReason.OutsideWindow] = 2, [SkipReason.NotBlocking] = 1 },
            Message = new string('m', 5000),
            Error = SyncErrorKind.GoogleUnavailable,
        }, Token);
        await log.WriteAsync(Run("s2", Start, created: 1), Token);

        var first = await log.ListAsync("s1", null, 4, Token);
        var rest = await log.ListAsync("s1", first.Continuation, 4, Token);

        var all = first.Items.Concat(rest.Items).ToList();
        Assert.Equal(6, all.Count);
        Assert.Null(rest.Continuation);
        Assert.Equal([4, 3, 2], all.Take(3).Select(e => e.Created));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.StartedAt >= p.Second.StartedAt));
        var failed = all.Single(e => e.Outcome == SyncOutcome.Failed);
        Assert.Equal((SyncErrorKind.GoogleUnavailable, 1, 3, 2000), (failed.Error, failed.Conflicts, failed.Skipped, failed.Message!.Length));
        Assert.All(all.Where(e => e.Outcome != SyncOutcome.Failed), e => Assert.Null(e.Error));
        Assert.Equal(TimeSpan.FromSeconds(2.5), all[0].Duration);
    }

    [Fact]
    public async Task PurgeAsync_OlderThanCutoff_RemovesOnlyThose()
    {
        var log = new TableSyncLog(TestTables.Create(azurite));
        await log.WriteAsync(Run("s1", Start.AddDays(-40)), Token);
        await log.WriteAsync(Run("s2", Start.AddDays(-31)), Token);
        await log.WriteAsync(Run("s1", Start.AddDays(-30)), Token);
        await log.WriteAsync(Run("s1", Start), Token);

        var purged = await log.PurgeAsync(Start.AddDays(-30), Token);

        Assert.Equal(2, purged);
        Assert.Equal([Start, Start.AddDays(-30)], (await log.ListAsync("s1", null, 10, Token)).Items.Select(e => e.StartedAt));
        Assert.Empty((await log.ListAsync("s2", null, 10, Token)).Items);
    }

    private static SyncRunResult Run(string staffId, DateTimeOffset startedAt, int created = 0) => new()
    {
        StaffId = staffId,
        Outcome = SyncOutcome.Succeeded,
        StartedAt = startedAt,
        Duration = TimeSpan.FromSeconds(2.5),
        Created = created,
    };
}
