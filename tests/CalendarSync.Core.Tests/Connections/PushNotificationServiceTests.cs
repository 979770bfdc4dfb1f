using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Core.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Core.Tests.Connections;

public sealed class PushNotificationServiceTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero));
    private readonly InMemoryFunctionPorts _ports;
    private readonly FakePushChannels _channels;
    private readonly PushNotificationService _service;
    private readonly string _channelId;
    private readonly string _token;

    public PushNotificationServiceTests()
    {
        _ports = new InMemoryFunctionPorts(_clock);
        _channels = new FakePushChannels(_clock);
        _ports.Add(new ConnectionRecord { Connection = new CalendarConnection("jane", "jane@example.com"), TimeZoneId = "Europe/Berlin", Email = "jane@example.com" });
        var channel = new PushChannelService(_ports, _channels, new PushChannelOptions(), _clock)
            .OpenAsync(_ports["jane"], CancellationToken.None).GetAwaiter().GetResult();
        _channelId = channel.ChannelId;
        _token = _channels.Open[_channelId].Token;
        _service = new PushNotificationService(_ports, _ports, _ports, new SyncProcessorOptions(), _clock);
    }

    private PushNotification Change => new(_channelId, _token, "resource-jane", "exists");

    [Fact]
    public async Task HandleAsync_ChangeOnAnotherCalendarReadInFull_QueuesAPushSync_ItsTokenChecked()
    {
        var jane = _ports["jane"];
        _ports.Add(jane with { Connection = jane.Connection with { ReadCalendars = OtherCalendars.Of(["team@group.calendar.google.com"], jane.Connection.CalendarId) } });
        await new PushChannelService(_ports, _channels, new PushChannelOptions(), _clock).RenewAsync(CancellationToken.None);
        var team = Assert.Single(_ports["jane"].OtherChannels);
        var token = _channels.Open[team.ChannelId].Token;

        var forged = await _service.HandleAsync(new PushNotification(team.ChannelId, _token, team.ResourceId, "exists"), CancellationToken.None);
        var genuine = await _service.HandleAsync(new PushNotification(team.ChannelId, token, team.ResourceId, "exists"), CancellationToken.None);

        Assert.Equal((PushNotificationOutcome.Rejected, PushNotificationOutcome.Queued), (forged, genuine));
        Assert.Equal("jane", Assert.Single(_ports.Queued).Request.StaffId);
    }

    [Fact]
    public async Task HandleAsync_GenuineChange_QueuesOnePushSync()
    {
        var outcome = await _service.HandleAsync(new PushNotification(_channelId, _token, "resource-jane", "exists"), CancellationToken.None);

        Assert.Equal(PushNotificationOutcome.Queued, outcome);
        var (request, delay) = Assert.Single(_ports.Queued);
        Assert.Equal(("jane", SyncReason.Push, _clock.GetUtcNow()), (request.StaffId, request.Reason, request.RequestedAt));
        Assert.Null(delay);
    }

    [Fact]
    public async Task HandleAsync_SecondChangeWhileThePushSyncWaits_QueuesNothingMore()
    {
        var first = await _service.HandleAsync(Change, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(5));
        var second = await _service.HandleAsync(Change, CancellationToken.None);

        Assert.Equal((PushNotificationOutcome.Queued, PushNotificationOutcome.AlreadyQueued), (first, second));
        Assert.Single(_ports.Queued);
    }

    [Fact]
    public async Task HandleAsync_MarkLeftWithoutItsMessage_HoldsBackOnlyUntilItExpires()
    {
        await _service.HandleAsync(Change, CancellationToken.None);
        _ports.Queued.Clear(); // the message is gone (poisoned, say) and its run never cleared the mark

        _clock.Advance(_service.MarkLifetime - TimeSpan.FromSeconds(1));
        var held = await _service.HandleAsync(Change, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var expired = await _service.HandleAsync(Change, CancellationToken.None);
        var after = await _service.HandleAsync(Change, CancellationToken.None);

        Assert.Equal(new SyncProcessorOptions().LeaseDuration + new SyncProcessorOptions().DeferDelay, _service.MarkLifetime);
        Assert.Equal(
            (PushNotificationOutcome.AlreadyQueued, PushNotificationOutcome.Queued, PushNotificationOutcome.AlreadyQueued),
            (held, expired, after));
        Assert.Single(_ports.Queued);
    }

    [Fact]
    public async Task HandleAsync_AnotherNotificationMarksBetweenReadAndWrite_QueuesOnlyTheOthers()
    {
        PushNotificationOutcome? other = null;
        _ports.WaitingPushes.BeforeNextMark = async () => other = await _service.HandleAsync(Change, CancellationToken.None);

        var outcome = await _service.HandleAsync(Change, CancellationToken.None);

        Assert.Equal((PushNotificationOutcome.Queued, PushNotificationOutcome.AlreadyQueued), (other, outcome));
        Assert.Single(_ports.Queued);
    }

    [Fact]
    public async Task HandleAsync_RunClearsTheExpiredMarkBetweenReadAndWrite_StillQueues()
    {
        await _service.HandleAsync(Change, CancellationToken.None);
        _ports.Queued.Clear();
        _clock.Advance(_service.MarkLifetime);
        _ports.WaitingPushes.BeforeNextMark = () => _ports.WaitingPushes.ClearAsync("jane", CancellationToken.None);

        var outcome = await _service.HandleAsync(Change, CancellationToken.None);

        Assert.Equal(PushNotificationOutcome.Queued, outcome);
        Assert.Single(_ports.Queued);
        Assert.Equal(["mark push jane", "mark push lost jane", "mark push jane"], _ports.Events.Where(e => e.Contains("push", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task HandleAsync_EnqueueFails_TakesTheMarkBackSoTheRetriedNotificationQueues()
    {
        _ports.NextEnqueueFailure = new InjectedFaultException("queue down");

        await Assert.ThrowsAsync<InjectedFaultException>(() => _service.HandleAsync(Change, CancellationToken.None));
        var retried = await _service.HandleAsync(Change, CancellationToken.None);

        Assert.Equal(PushNotificationOutcome.Queued, retried);
        Assert.Single(_ports.Queued);
    }

    [Fact]
    public async Task HandleAsync_SyncHandshake_QueuesNothing()
    {
        var outcome = await _service.HandleAsync(new PushNotification(_channelId, _token, "resource-jane", "sync"), CancellationToken.None);

        Assert.Equal(PushNotificationOutcome.Handshake, outcome);
        Assert.Empty(_ports.Queued);
    }

    [Fact]
    public async Task HandleAsync_TheHandshakeOfAChannelNotStoredYet_IsAcknowledgedAndQueuesNothing_WhileItsChangesAreRefused()
    {
        // Google sends it as it creates the channel, before the watch call answers and the channel is stored.
        var unknown = ChannelToken.NewChannelId();

        var handshake = await _service.HandleAsync(new PushNotification(unknown, ChannelToken.Create(), "resource-x", "sync"), CancellationToken.None);
        var change = await _service.HandleAsync(new PushNotification(unknown, ChannelToken.Create(), "resource-x", "exists"), CancellationToken.None);

        Assert.Equal((PushNotificationOutcome.Handshake, PushNotificationOutcome.Rejected), (handshake, change));
        Assert.Empty(_ports.Queued);
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("")]
    public async Task HandleAsync_ForgedToken_IsRejected(string suffix)
    {
        var token = suffix.Length == 0 ? _token[..^1] : _token + suffix;

        var outcome = await _service.HandleAsync(new PushNotification(_channelId, token, "resource-jane", "exists"), CancellationToken.None);

        Assert.Equal(PushNotificationOutcome.Rejected, outcome);
        Assert.Empty(_ports.Queued);
    }

    [Fact]
    public async Task HandleAsync_UnknownChannel_IsRejected()
    {
        var outcome = await _service.HandleAsync(new PushNotification("not-ours", _token, "resource-jane", "exists"), CancellationToken.None);

        Assert.Equal(PushNotificationOutcome.Rejected, outcome);
        Assert.Empty(_ports.Queued);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a.b")]
    [InlineData("ch'; DROP")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
    public async Task HandleAsync_ChannelIdNotOfOurShape_IsRejectedWithoutLookup(string channelId)
    {
        var outcome = await _service.HandleAsync(new PushNotification(channelId, _token, "resource-jane", "exists"), CancellationToken.None);

        Assert.Equal(PushNotificationOutcome.Rejected, outcome);
        Assert.Empty(_ports.Queued);
    }

    [Fact]
    public async Task HandleAsync_OtherResource_IsRejected()
    {
        var outcome = await _service.HandleAsync(new PushNotification(_channelId, _token, "resource-bob", "exists"), CancellationToken.None);

        Assert.Equal(PushNotificationOutcome.Rejected, outcome);
    }

    [Fact]
    public async Task HandleAsync_DisabledConnection_IsIgnored()
    {
        _ports.Add(_ports["jane"] with { Connection = _ports["jane"].Connection with { Status = ConnectionStatus.Disabled } });

        var outcome = await _service.HandleAsync(new PushNotification(_channelId, _token, "resource-jane", "exists"), CancellationToken.None);

        Assert.Equal(PushNotificationOutcome.Ignored, outcome);
        Assert.Empty(_ports.Queued);
    }

    public static TheoryData<string?, string?, string?, string?> BadHeaders => new()
    {
        { null, "t", "r", "exists" },
        { "c", null, "r", "exists" },
        { "c", "t", null, "exists" },
        { "c", "t", "r", null },
        { "  ", "t", "r", "exists" },
        { new string('c', 257), "t", "r", "exists" },
        { "c", new string('t', 100_000), "r", "exists" },
        { "c\r\nX-Forged: 1", "t", "r", "exists" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public async Task HandleAsync_MissingOrHostileHeaders_IsMalformed(string? channelId, string? token, string? resourceId, string? state)
    {
        var outcome = await _service.HandleAsync(new PushNotification(channelId, token, resourceId, state), CancellationToken.None);

        Assert.Equal(PushNotificationOutcome.Malformed, outcome);
        Assert.Empty(_ports.Queued);
    }

    [Fact]
    public void ChannelToken_Hash_IsNotTheToken()
    {
        Assert.NotEqual(_token, _ports["jane"].Channel!.TokenHash);
        Assert.True(ChannelToken.Matches(_token, _ports["jane"].Channel!.TokenHash));
        Assert.False(ChannelToken.Matches(_token, "not-hex"));
    }
}
