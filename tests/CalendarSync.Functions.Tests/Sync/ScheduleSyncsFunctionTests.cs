using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Sync;
using CalendarSync.Functions.Sync;
using CalendarSync.Functions.Tests.Fakes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;

namespace CalendarSync.Functions.Tests.Sync;

public sealed class ScheduleSyncsFunctionTests
{
    [Fact]
    public async Task ScheduleSyncs_OneChannelFails_SweepQueuesAndOthersGetChannels()
    {
        var store = new InMemoryConnections();
        foreach (var staffId in new[] { "ann", "bob", "cat" })
        {
            store.Add(new ConnectionRecord { Connection = new CalendarConnection(staffId, $"{staffId}@example.com"), TimeZoneId = "Europe/Berlin", Email = $"{staffId}@example.com" });
        }

        store.WatchFailsFor.Add("bob");
        var scheduler = new CountingScheduler();
        var function = new ScheduleSyncsFunction(
            scheduler,
            new PushChannelService(store, store, new PushChannelOptions(), TimeProvider.System),
            NullLogger<ScheduleSyncsFunction>.Instance);

        await function.ScheduleSyncs(new TimerInfo(), CancellationToken.None);

        Assert.Equal(1, scheduler.Sweeps);
        Assert.NotNull(store["ann"].Channel);
        Assert.Null(store["bob"].Channel);
        Assert.NotNull(store["cat"].Channel);
    }

    private sealed class CountingScheduler : ISyncScheduler
    {
        public int Sweeps { get; private set; }

        public Task ScheduleAsync(CancellationToken cancellationToken)
        {
            Sweeps++;
            return Task.CompletedTask;
        }
    }
}
