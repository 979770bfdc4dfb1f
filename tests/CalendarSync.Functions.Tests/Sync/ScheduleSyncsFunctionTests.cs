using Azure.Storage.Queues;
using CalendarSync.Azure.Sync;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Sync;
using CalendarSync.Functions.Monitoring;
using CalendarSync.Functions.Sync;
using CalendarSync.Functions.Tests.Fakes;
using CalendarSync.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Functions.Tests.Sync;

public sealed class ScheduleSyncsFunctionTests(AzuriteFixture azurite, EmulatorFixture emulator)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ScheduleSyncs_OneChannelFails_SweepQueuesAndOthersGetChannels()
    {
        var store = new InMemoryConnections();
        foreach (var staffId in new[] { "ann", "bob", "cat" })
        {
            store.Add(Connection(staffId, ConnectionStatus.Active));
        }

        store.WatchFailsFor.Add("bob");
        using var telemetry = new RecordingTelemetry();
        var syncTelemetry = new SyncTelemetry(NullLogger<SyncTelemetry>.Instance, telemetry.Client, new StaffSyncOptions());
        var function = new ScheduleSyncsFunction(
            new SyncSweep(
                new SyncScheduler(store, store, new SyncProcessorOptions(), TimeProvider.System),
                new PushChannelService(store, store, new PushChannelOptions(), TimeProvider.System),
                TimeProvider.System),
            syncTelemetry,
            new SweepGauges(
                store, new QueueServiceClient(azurite.ConnectionString), new SyncQueueNames("absent-" + Guid.NewGuid().ToString("N")[..10]),
                syncTelemetry, NullLogger<SweepGauges>.Instance),
            NullLogger<ScheduleSyncsFunction>.Instance);

        await function.ScheduleSyncs(new TimerInfo(), CancellationToken.None);

        Assert.Equal(["ann", "bob", "cat"], store.Queued.Select(r => r.StaffId).Order());
        Assert.NotNull(store["ann"].Channel);
        Assert.Null(store["bob"].Channel);
        Assert.NotNull(store["cat"].Channel);
        Assert.Equal(0, Assert.Single(telemetry.Metrics("PoisonQueueMessages")).Max);
    }

    [Fact]
    public async Task ScheduleSyncs_ReauthRequiredAndPoisonedMessages_ReportsBothGaugesUnderTheAlertsNames()
    {
        using var telemetry = new RecordingTelemetry();
        using var app = new FunctionApp(azurite, emulator, "sweep-" + Guid.NewGuid().ToString("N")[..12],
            new FunctionAppOptions { OwnTables = true, Telemetry = telemetry.Client });
        var store = app.Service<IConnectionStore>();
        await store.SaveAsync(Connection("active-1", ConnectionStatus.Active), Cancel);
        await store.SaveAsync(Connection("revoked-1", ConnectionStatus.ReauthRequired), Cancel);
        await store.SaveAsync(Connection("revoked-2", ConnectionStatus.ReauthRequired), Cancel);
        await store.SaveAsync(Connection("gone-1", ConnectionStatus.Disabled), Cancel);
        await app.PoisonQueue.CreateIfNotExistsAsync(cancellationToken: Cancel);
        foreach (var body in new[] { "{\"staffId\":\"x\"}", "not json" })
        {
            await app.PoisonQueue.SendMessageAsync(body, Cancel);
        }

        await app.Function<ScheduleSyncsFunction>().ScheduleSyncs(new TimerInfo(), Cancel);

        var reauth = Assert.Single(telemetry.Metrics("ReauthRequiredConnections"));
        Assert.Equal((1, 2.0), (reauth.Count, reauth.Max));
        var poison = Assert.Single(telemetry.Metrics("PoisonQueueMessages"));
        Assert.Equal((1, 2.0), (poison.Count, poison.Max));
        Assert.Equal(["active-1"], SyncRequestPage.Parse(Assert.Single(await app.QueuedAsync(Cancel)).ToJsonString()).Requests.Select(r => r.StaffId));

        // The alerts read these exact names; a rename on one side only would silence an alert.
        var alerts = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "infra", "app", "alerts.bicep"), Cancel);
        Assert.Contains("where name == \"ReauthRequiredConnections\"", alerts, StringComparison.Ordinal);
        Assert.Contains("where name == \"PoisonQueueMessages\"", alerts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduleSyncs_StaffMemberWhoseSyncIsUnderWay_IsQueuedToo_AndTheQueueFunctionDropsIt()
    {
        // Finding the runs under way would scan every control row; the run's own first read finds its lease held.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var app = new FunctionApp(azurite, emulator, "sweep-" + Guid.NewGuid().ToString("N")[..12],
            new FunctionAppOptions { OwnTables = true, Clock = clock });
        foreach (var staffId in new[] { "running", "idle" })
        {
            await app.Service<IConnectionStore>().SaveAsync(Connection(staffId, ConnectionStatus.Active), Cancel);
        }

        Assert.NotNull(await app.Service<ISyncLease>().TryAcquireAsync("running", TimeSpan.FromMinutes(5), Cancel));

        await app.Function<ScheduleSyncsFunction>().ScheduleSyncs(new TimerInfo(), Cancel);

        var page = SyncRequestPage.Parse(Assert.Single(await app.QueuedAsync(Cancel)).ToJsonString());
        Assert.Equal(["idle", "running"], page.Requests.Select(r => r.StaffId).Order());
        var processed = await app.Service<ISyncRequestProcessor>().ProcessAsync(page.ToJson(), Cancel);
        Assert.Equal(SyncRequestDisposition.Dropped, processed.Single(p => p.Request?.StaffId == "running").Disposition);
    }

    private static ConnectionRecord Connection(string staffId, ConnectionStatus status) => new()
    {
        Connection = new CalendarConnection(staffId, $"{staffId}@example.com", status: status),
        TimeZoneId = "Europe/Berlin",
        Email = $"{staffId}@example.com",
    };
}
