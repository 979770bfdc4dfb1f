using CalendarSync.Core.Data;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using CalendarSync.Functions.Sync;
using CalendarSync.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Functions.Tests.Sync;

/// <summary>The daily purge against Azurite, with the clock moved past the sample's retentions (90 days of tombstones, 30 of logs).</summary>
public sealed class PurgeHistoryFunctionTests(AzuriteFixture azurite, EmulatorFixture emulator)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PurgeHistory_PastRetention_RemovesOldTombstonesAndLogsAndKeepsTheRest()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 12, 0, 0, TimeSpan.Zero));
        using var app = new FunctionApp(azurite, emulator, "purge-" + Guid.NewGuid().ToString("N")[..12],
            new FunctionAppOptions { OwnTables = true, Clock = clock });
        var store = app.Service<IAppointmentStore>();
        var log = app.Service<ISyncLog>();
        var start = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        foreach (var id in new[] { "old", "live" })
        {
            await store.SaveAsync(new Appointment(id, "jane", Period.Timed(start, start.AddHours(1)), "Jane Doe", "Cut"), Cancel);
        }

        await store.DeleteAsync("jane", new ItemKey(ItemKind.Appointment, "old"), Cancel);
        await log.WriteAsync(Run(clock), Cancel);
        clock.Advance(TimeSpan.FromDays(75));
        await log.WriteAsync(Run(clock), Cancel);
        clock.Advance(TimeSpan.FromDays(20));
        await store.SaveAsync(new Appointment("recent", "jane", Period.Timed(start, start.AddHours(1)), "Jane Doe", "Cut"), Cancel);
        await store.DeleteAsync("jane", new ItemKey(ItemKind.Appointment, "recent"), Cancel);

        await app.Function<PurgeHistoryFunction>().PurgeHistory(new TimerInfo(), Cancel);

        var feed = await app.Service<IAppointmentData>().GetChangesAsync("jane", null, 100, Cancel);
        Assert.Equal(["live", "recent"], feed.Items.Select(i => i.Id).Order());
        Assert.True(feed.Items.Single(i => i.Id == "recent").IsDeleted);
        var runs = await log.ListAsync("jane", null, 10, Cancel);
        Assert.Equal([clock.GetUtcNow() - TimeSpan.FromDays(20)], runs.Items.Select(r => r.StartedAt));
    }

    private static SyncRunResult Run(TimeProvider clock) => new() { StaffId = "jane", Outcome = SyncOutcome.Succeeded, StartedAt = clock.GetUtcNow() };
}
