using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Core.Tests.Connections;

public sealed class PushChannelServiceTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero));
    private readonly InMemoryFunctionPorts _ports;
    private readonly FakePushChannels _channels;
    private readonly PushChannelService _service;

    public PushChannelServiceTests()
    {
        _ports = new InMemoryFunctionPorts(_clock);
        _channels = new FakePushChannels(_clock);
        _service = new PushChannelService(_ports, _channels, new PushChannelOptions(), _clock);
        foreach (var staffId in new[] { "ann", "bob", "cat" })
        {
            _ports.Add(new ConnectionRecord { Connection = new CalendarConnection(staffId, $"{staffId}@example.com"), TimeZoneId = "Europe/Berlin", Email = $"{staffId}@example.com" });
        }
    }

    [Fact]
    public async Task RenewAsync_ConnectionsWithoutChannel_OpensOneEach()
    {
        var result = await _service.RenewAsync(CancellationToken.None);

        Assert.Equal(3, result.Renewed);
        Assert.Empty(result.Failures);
        Assert.Equal(_clock.GetUtcNow().AddDays(7), _ports["ann"].Channel!.Expiration);
        Assert.NotNull(_ports["cat"].Channel);
        Assert.Equal(3, _channels.Open.Count);
    }

    [Fact]
    public async Task RenewAsync_FreshChannels_LeavesThemAlone()
    {
        await _service.RenewAsync(CancellationToken.None);
        _channels.Calls.Clear();
        _clock.Advance(TimeSpan.FromDays(6));

        var result = await _service.RenewAsync(CancellationToken.None);

        Assert.Equal(0, result.Renewed);
        Assert.Empty(_channels.Calls);
    }

    [Fact]
    public async Task RenewAsync_ChannelEndingWithinTheHour_WatchesNewStoresItThenStopsOld()
    {
        await _service.RenewAsync(CancellationToken.None);
        var old = _ports["ann"].Channel!;
        _channels.Calls.Clear();
        _clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(30));

        var result = await _service.RenewAsync(CancellationToken.None);

        Assert.Equal(3, result.Renewed);
        Assert.Equal(["watch ann", "stop ann"], _channels.Calls.Take(2));
        Assert.NotEqual(old.ChannelId, _ports["ann"].Channel!.ChannelId);
        Assert.DoesNotContain(old.ChannelId, _channels.Open.Keys);
        Assert.Equal(3, _channels.Open.Count);
    }

    [Fact]
    public async Task RenewAsync_OneWatchFails_OthersStillRenewed()
    {
        _channels.FailWatchFor.Add("bob");

        var result = await _service.RenewAsync(CancellationToken.None);

        Assert.Equal(2, result.Renewed);
        Assert.Equal("bob", Assert.Single(result.Failures).StaffId);
        Assert.Null(_ports["bob"].Channel);
        Assert.NotNull(_ports["cat"].Channel);
    }

    [Fact]
    public async Task RenewAsync_OldChannelAlreadyGone_StoresTheNewOne()
    {
        await _service.RenewAsync(CancellationToken.None);
        _channels.StopFails = true;
        _clock.Advance(TimeSpan.FromDays(7));

        var result = await _service.RenewAsync(CancellationToken.None);

        Assert.Equal(3, result.Renewed);
        Assert.Equal(_clock.GetUtcNow().AddDays(7), _ports["ann"].Channel!.Expiration);
    }

    [Fact]
    public async Task RenewAsync_MoreDueThanMaxPerSweep_RestFollowNextSweep()
    {
        var capped = new PushChannelService(_ports, _channels, new PushChannelOptions { MaxPerSweep = 2 }, _clock);

        var first = await capped.RenewAsync(CancellationToken.None);
        var second = await capped.RenewAsync(CancellationToken.None);

        Assert.Equal(2, first.Renewed);
        Assert.Equal(1, second.Renewed);
        Assert.NotNull(_ports["cat"].Channel);
    }

    [Fact]
    public async Task RenewAsync_PushOff_DoesNothing()
    {
        _channels.IsEnabled = false;

        var result = await _service.RenewAsync(CancellationToken.None);

        Assert.Equal(0, result.Renewed);
        Assert.Empty(_channels.Calls);
    }

    [Fact]
    public async Task RenewAsync_DisabledConnection_GetsNoChannel()
    {
        _ports.Add(_ports["cat"] with { Connection = _ports["cat"].Connection with { Status = ConnectionStatus.Disabled } });

        await _service.RenewAsync(CancellationToken.None);

        Assert.Null(_ports["cat"].Channel);
    }

    [Fact]
    public async Task RenewAsync_OtherCalendarsReadInFull_EachGetsItsOwnChannel_OneNoLongerReadIsStoppedAfterTheNewListIsStored()
    {
        const string Team = "team@group.calendar.google.com";
        const string Bookings = "bookings@group.calendar.google.com";
        var ann = _ports["ann"];
        _ports.Add(ann with { Connection = ann.Connection with { ReadCalendars = OtherCalendars.Of([Team], ann.Connection.CalendarId), WriteCalendarId = Bookings } });

        var first = await _service.RenewAsync(CancellationToken.None);
        var watched = _ports["ann"].OtherChannels;
        Assert.All(watched, c => Assert.Equal(("ann", $"resource-ann-{c.CalendarId}"), (_channels.Open[c.ChannelId].StaffId, c.ResourceId)));
        var again = await _service.RenewAsync(CancellationToken.None);
        var teamChannel = watched.Single(c => c.CalendarId == Team);
        _ports.Add(_ports["ann"] with { Connection = _ports["ann"].Connection with { ReadCalendars = OtherCalendars.None } });
        _channels.Calls.Clear();
        var dropped = await _service.RenewAsync(CancellationToken.None);

        Assert.Equal(3, first.Renewed);
        Assert.Equal([Bookings, Team], watched.Select(c => c.CalendarId).Order(StringComparer.Ordinal));
        Assert.Equal(0, again.Renewed);
        Assert.Equal(1, dropped.Renewed);
        Assert.Equal(["stop ann"], _channels.Calls);
        Assert.DoesNotContain(teamChannel.ChannelId, _channels.Open.Keys);
        Assert.Equal([Bookings], _ports["ann"].OtherChannels.Select(c => c.CalendarId));
        Assert.Same(_ports["ann"], await _ports.FindByChannelAsync(_ports["ann"].OtherChannels[0].ChannelId, CancellationToken.None));
    }
}
