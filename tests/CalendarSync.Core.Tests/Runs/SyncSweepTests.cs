using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Core.Tests.Runs;

public sealed class SyncSweepTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryFunctionPorts _ports;
    private readonly FakePushChannels _channels;

    public SyncSweepTests()
    {
        _ports = new InMemoryFunctionPorts(_clock);
        _channels = new FakePushChannels(_clock);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_ManyConnections_QueuesEachEnabledConnectionOnceInPagesOfTheMessageSize()
    {
        for (var i = 0; i < 1203; i++)
        {
            Add($"s{i:0000}", i % 100 == 0 ? ConnectionStatus.ReauthRequired : ConnectionStatus.Active);
        }

        var result = await Sweep(new SyncProcessorOptions { SweepPageSize = 100, SweepMessageSize = 16 }).RunAsync(Cancel);

        var expected = 1203 - 13;
        Assert.Equal(expected, result.Queued);
        var staffIds = _ports.QueuedPages.SelectMany(p => p.Requests).Select(r => r.StaffId).ToList();
        Assert.Equal(expected, staffIds.Count);
        Assert.Equal(expected, staffIds.Distinct().Count());
        Assert.All(_ports.QueuedPages, p => Assert.Equal((SyncRequestPage.PageVersion, SyncReason.Schedule), (p.Version, p.Reason)));
        Assert.All(_ports.QueuedPages, p => Assert.InRange(p.Requests.Count, 1, 16));
        Assert.InRange(_ports.QueuedPages.Count, expected / 16, expected / 16 + 13);
        Assert.Empty(_ports.Queued);
    }

    [Fact]
    public async Task RunAsync_MessageSizeOne_QueuesAPageOfOneEach()
    {
        Add("ann");
        Add("bob");

        var result = await Sweep(new SyncProcessorOptions { SweepMessageSize = 1 }).RunAsync(Cancel);

        Assert.Equal(2, result.Queued);
        Assert.Equal(["ann", "bob"], _ports.QueuedPages.Select(p => Assert.Single(p.Requests).StaffId).Order());
    }

    [Fact]
    public async Task RunAsync_LeaseHeld_QueuesTheRunningStaffMemberToo_TheQueueFunctionDropsIt()
    {
        // Finding the runs under way would cost a scan of every control row; the run's own read of its row is cheaper.
        foreach (var staffId in new[] { "jane", "pia" })
        {
            Add(staffId);
        }

        await _ports.TryAcquireAsync("jane", TimeSpan.FromMinutes(5), Cancel);

        var result = await Sweep().RunAsync(Cancel);

        Assert.Equal(["jane", "pia"], Queued().Select(r => r.StaffId).Order());
        Assert.Equal(2, result.Queued);
    }

    [Fact]
    public async Task RunAsync_PushOn_OpensChannelsAfterQueueingAndReportsTheOneThatFailed()
    {
        foreach (var staffId in new[] { "ann", "bob", "cat" })
        {
            Add(staffId);
        }

        _channels.FailWatchFor.Add("bob");

        var result = await Sweep().RunAsync(Cancel);

        Assert.Equal(3, result.Queued);
        Assert.Equal(2, result.Channels.Renewed);
        Assert.Equal("bob", Assert.Single(result.Channels.Failures).StaffId);
        Assert.NotNull(_ports["ann"].Channel);
        Assert.Null(_ports["bob"].Channel);
    }

    [Fact]
    public async Task RunAsync_PushOff_QueuesAndOpensNoChannel()
    {
        Add("ann");
        _channels.IsEnabled = false;

        var result = await Sweep().RunAsync(Cancel);

        Assert.Equal(1, result.Queued);
        Assert.Equal(0, result.Channels.Renewed);
        Assert.Empty(_channels.Calls);
    }

    [Fact]
    public async Task QueueAllAsync_Manual_QueuesTheRunningStaffMemberToo()
    {
        // A manual request is deferred behind a running sync, never dropped, so "sync everyone" leaves nobody out.
        Add("jane");
        Add("omar");
        await _ports.TryAcquireAsync("jane", TimeSpan.FromMinutes(5), Cancel);

        var queued = await Scheduler(new SyncProcessorOptions()).QueueAllAsync(SyncReason.Manual, Cancel);

        Assert.Equal(2, queued);
        Assert.All(Queued(), r => Assert.Equal(SyncReason.Manual, r.Reason));
    }

    private IEnumerable<SyncRequest> Queued() => _ports.QueuedPages.SelectMany(p => p.Requests);

    private SyncSweep Sweep(SyncProcessorOptions? options = null) =>
        new(Scheduler(options ?? new SyncProcessorOptions()), new PushChannelService(_ports, _channels, new PushChannelOptions(), _clock), _clock);

    private SyncScheduler Scheduler(SyncProcessorOptions options) => new(_ports, _ports, options, _clock);

    private void Add(string staffId, ConnectionStatus status = ConnectionStatus.Active) => _ports.Add(new ConnectionRecord
    {
        Connection = new CalendarConnection(staffId, $"{staffId}@example.com", status: status),
        TimeZoneId = "UTC",
        Email = $"{staffId}@example.com",
    });
}
