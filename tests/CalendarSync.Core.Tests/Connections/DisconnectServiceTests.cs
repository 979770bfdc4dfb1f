using CalendarSync.Core.Calendar;
using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Core.Tests.Connections;

public sealed class DisconnectServiceTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero));
    private readonly InMemoryFunctionPorts _ports;
    private readonly FakePushChannels _channels;
    private readonly FakeGoogleCalendar _calendar;
    private readonly FakeCalendarProvider _provider;
    private readonly FakeCalendarAuthorization _authorization = new();
    private readonly DisconnectService _service;

    public DisconnectServiceTests()
    {
        _ports = new InMemoryFunctionPorts(_clock);
        _channels = new FakePushChannels(_clock);
        _calendar = new FakeGoogleCalendar(_clock, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        _provider = new FakeCalendarProvider(_calendar);
        _ports.Add(new ConnectionRecord { Connection = new CalendarConnection("jane", "jane@example.com"), TimeZoneId = "Europe/Berlin", Email = "jane@example.com" });
        _authorization.Grants.Add("jane");
        new PushChannelService(_ports, _channels, new PushChannelOptions(), _clock).OpenAsync(_ports["jane"], CancellationToken.None).GetAwaiter().GetResult();
        _service = new DisconnectService(_ports, _channels, _provider, _authorization, _ports, new SyncProcessorOptions());
    }

    [Fact]
    public async Task DisconnectAsync_Connected_StopsChannelRevokesAndDisables()
    {
        var ours = await AddEventAsync(ours: true);

        Assert.Equal(DisconnectOutcome.Disconnected, await _service.DisconnectAsync("jane", removeEvents: false, CancellationToken.None));

        Assert.Empty(_channels.Open);
        Assert.Null(_ports["jane"].Channel);
        Assert.Equal(["jane"], _authorization.Revoked);
        Assert.Equal(ConnectionStatus.Disabled, _ports["jane"].Connection.Status);
        Assert.Contains(await _calendar.ListLiveEventsAsync(CancellationToken.None), e => e.Id == ours);
    }

    [Fact]
    public async Task MoveAsync_ToAnotherAccount_DisconnectsTheOldAndExpectsTheNew()
    {
        Assert.Equal(DisconnectOutcome.Disconnected, await _service.MoveAsync("jane", "jane@new.example.com", removeEvents: false, CancellationToken.None));

        Assert.Empty(_channels.Open);
        Assert.Equal(["jane"], _authorization.Revoked);
        Assert.Equal(ConnectionStatus.Disabled, _ports["jane"].Connection.Status);
        Assert.Equal("jane@new.example.com", _ports["jane"].Email);
    }

    [Theory]
    [InlineData("JANE@example.com")]
    [InlineData("not an address")]
    public async Task MoveAsync_SameAccountOrNoAddress_IsRefusedAndChangesNothing(string account)
    {
        await Assert.ThrowsAsync<DomainValidationException>(() => _service.MoveAsync("jane", account, removeEvents: false, CancellationToken.None));

        Assert.Empty(_authorization.Revoked);
        Assert.Equal(ConnectionStatus.Active, _ports["jane"].Connection.Status);
    }

    [Fact]
    public async Task MoveAsync_WhileASyncRuns_ChangesNothing()
    {
        var lease = await _ports.TryAcquireAsync("jane", TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(DisconnectOutcome.SyncRunning, await _service.MoveAsync("jane", "jane@new.example.com", removeEvents: false, CancellationToken.None));

        Assert.NotNull(lease);
        Assert.Equal("jane@example.com", _ports["jane"].Email);
    }

    [Fact]
    public async Task DisconnectAsync_RemoveEvents_DeletesOnlyOursInBatches()
    {
        for (var i = 0; i < 60; i++)
        {
            await AddEventAsync(ours: true);
        }

        var theirs = await AddEventAsync(ours: false);

        Assert.Equal(DisconnectOutcome.Disconnected, await _service.DisconnectAsync("jane", removeEvents: true, CancellationToken.None));

        var left = await _calendar.ListLiveEventsAsync(CancellationToken.None);
        Assert.Equal(theirs, Assert.Single(left).Id);
        Assert.Equal(2, _calendar.WriteCalls);
        Assert.Equal(["jane"], _authorization.Revoked);
    }

    [Fact]
    public async Task DisconnectAsync_RemoveEventsWithGrantAlreadyRevoked_StillDisables()
    {
        _provider.Failure = new CalendarGrantRevokedException("revoked", null);

        Assert.Equal(DisconnectOutcome.Disconnected, await _service.DisconnectAsync("jane", removeEvents: true, CancellationToken.None));

        Assert.Equal(ConnectionStatus.Disabled, _ports["jane"].Connection.Status);
    }

    [Fact]
    public async Task DisconnectAsync_ChannelAlreadyGone_StillDisables()
    {
        _channels.StopFails = true;

        Assert.Equal(DisconnectOutcome.Disconnected, await _service.DisconnectAsync("jane", removeEvents: false, CancellationToken.None));

        Assert.Null(_ports["jane"].Channel);
        Assert.Equal(ConnectionStatus.Disabled, _ports["jane"].Connection.Status);
    }

    [Fact]
    public async Task DisconnectAsync_Repeated_IsHarmless()
    {
        await _service.DisconnectAsync("jane", removeEvents: true, CancellationToken.None);
        _channels.Calls.Clear();

        Assert.Equal(DisconnectOutcome.Disconnected, await _service.DisconnectAsync("jane", removeEvents: false, CancellationToken.None));

        Assert.Empty(_channels.Calls);
        Assert.Equal(["jane"], _authorization.Revoked);
        Assert.Equal(ConnectionStatus.Disabled, _ports["jane"].Connection.Status);
    }

    [Fact]
    public async Task DisconnectAsync_SyncRunning_ChangesNothingAndLeavesTheLease()
    {
        var running = await _ports.TryAcquireAsync("jane", TimeSpan.FromMinutes(5), CancellationToken.None);
        _channels.Calls.Clear();

        Assert.Equal(DisconnectOutcome.SyncRunning, await _service.DisconnectAsync("jane", removeEvents: true, CancellationToken.None));

        Assert.Empty(_channels.Calls);
        Assert.Empty(_authorization.Revoked);
        Assert.Equal(ConnectionStatus.Active, _ports["jane"].Connection.Status);
        Assert.NotNull(_ports["jane"].Channel);
        await _ports.ReleaseAsync(running!, CancellationToken.None);
        Assert.Equal(DisconnectOutcome.Disconnected, await _service.DisconnectAsync("jane", removeEvents: false, CancellationToken.None));
        Assert.False(_ports.IsLeased("jane"));
    }

    [Theory]
    [InlineData("bob")]
    [InlineData("../jane")]
    [InlineData("")]
    public async Task DisconnectAsync_UnknownStaff_AnswersNotFound(string staffId)
    {
        Assert.Equal(DisconnectOutcome.NotFound, await _service.DisconnectAsync(staffId, removeEvents: true, CancellationToken.None));

        Assert.Empty(_authorization.Revoked);
        Assert.Equal(ConnectionStatus.Active, _ports["jane"].Connection.Status);
    }

    private Task<string> AddEventAsync(bool ours)
    {
        var start = _clock.GetUtcNow().AddDays(1);
        return _calendar.AddEventAsync(new CalendarEvent
        {
            Id = "draft",
            Summary = ours ? "Appointment" : "Lunch",
            Start = EventDateTime.ForInstant(start, TimeZoneInfo.Utc),
            End = EventDateTime.ForInstant(start.AddHours(1), TimeZoneInfo.Utc),
            PrivateProperties = ours
                ? new Dictionary<string, string> { [EventIds.KeyProperty] = "appointment:a-" + Guid.NewGuid().ToString("N") }
                : new Dictionary<string, string>(),
        }, CancellationToken.None);
    }
}
