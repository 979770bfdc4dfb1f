using CalendarSync.Core.Connections;
using CalendarSync.Core.Domain;
using CalendarSync.Core.Runs;
using CalendarSync.Functions.Http;
using CalendarSync.Functions.Monitoring;
using CalendarSync.Functions.Tests.Fakes;
using CalendarSync.Functions.Tests.Hostile;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CalendarSync.Functions.Tests.Http;

public sealed class NotificationsFunctionTests : IDisposable
{
    private const string Token = "the-channel-token";
    private readonly InMemoryConnections _store = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogs _logs = new();
    private readonly LoggerFactory _loggers;
    private readonly NotificationsFunction _function;

    public NotificationsFunctionTests()
    {
        _store.Add(new ConnectionRecord
        {
            Connection = new CalendarConnection("jane", "jane@example.com"),
            TimeZoneId = "Europe/Berlin",
            Email = "jane@example.com",
            Channel = new PushChannel("ch-1", ChannelToken.Hash(Token), "res-1", DateTimeOffset.UtcNow.AddDays(7)),
        });
        _loggers = new LoggerFactory([_logs]);
        _function = new NotificationsFunction(
            new PushNotificationService(_store, _store, _store, new SyncProcessorOptions(), _clock),
            new RefusedNotificationLog(_clock, _loggers.CreateLogger<NotificationsFunction>()));
    }

    public void Dispose() => _loggers.Dispose();

    [Fact]
    public async Task Notifications_GenuineChange_Answers200AndQueuesPushSync()
    {
        var result = await _function.Notifications(Request("ch-1", Token, "res-1", "exists"), CancellationToken.None);

        Assert.Equal(StatusCodes.Status200OK, Assert.IsType<OkResult>(result).StatusCode);
        var request = Assert.Single(_store.Queued);
        Assert.Equal(("jane", SyncReason.Push), (request.StaffId, request.Reason));
    }

    [Fact]
    public async Task Notifications_SecondChangeWhileThePushSyncWaits_Answers200AndQueuesNothingMore()
    {
        await _function.Notifications(Request("ch-1", Token, "res-1", "exists"), CancellationToken.None);
        var second = await _function.Notifications(Request("ch-1", Token, "res-1", "exists"), CancellationToken.None);

        Assert.IsType<OkResult>(second);
        Assert.Single(_store.Queued);
    }

    [Fact]
    public async Task Notifications_FloodOfForgeries_LogsOneWarningAMinuteCountingTheRest()
    {
        for (var i = 0; i < 500; i++)
        {
            await _function.Notifications(Request("ch-1", "forged-" + i, "res-1", "exists"), CancellationToken.None);
            await _function.Notifications(new DefaultHttpContext().Request, CancellationToken.None);
            _clock.Advance(TimeSpan.FromMilliseconds(200));
        }

        var duringFlood = Warnings();
        _clock.Advance(RefusedNotificationLog.Interval);
        await _function.Notifications(Request("ch-unknown", "forged-last", "res-1", "exists"), CancellationToken.None);

        // 1,000 refusals in 100 s: the first is logged, then one a minute, each counting those left out before it.
        Assert.Equal(2, duringFlood.Count);
        Assert.Contains("Unlogged=0", duringFlood[0].Values, StringComparison.Ordinal);
        Assert.Contains($"Unlogged={600 - 1}", duringFlood[1].Values, StringComparison.Ordinal);
        var last = Warnings()[^1];
        Assert.Contains($"Unlogged={1000 - 600 - 1}", last.Values, StringComparison.Ordinal);
        Assert.Contains("ChannelId=ch-unknown", last.Values, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Lines, l => l.ToString().Contains("forged-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notifications_SyncHandshake_Answers200WithoutQueuing()
    {
        var result = await _function.Notifications(Request("ch-1", Token, "res-1", "sync"), CancellationToken.None);

        Assert.IsType<OkResult>(result);
        Assert.Empty(_store.Queued);
    }

    [Theory]
    [InlineData("ch-1", "forged-token")]
    [InlineData("ch-unknown", Token)]
    public async Task Notifications_ForgedOrUnknown_Answers404(string channelId, string token)
    {
        var result = await _function.Notifications(Request(channelId, token, "res-1", "exists"), CancellationToken.None);

        AssertProblem(StatusCodes.Status404NotFound, result);
        Assert.Empty(_store.Queued);
    }

    [Fact]
    public async Task Notifications_NoHeaders_Answers400()
    {
        var result = await _function.Notifications(new DefaultHttpContext().Request, CancellationToken.None);

        AssertProblem(StatusCodes.Status400BadRequest, result);
        Assert.Empty(_store.Queued);
    }

    [Fact]
    public async Task Notifications_RepeatedOrOversizedHeader_Answers400()
    {
        var repeated = Request("ch-1", Token, "res-1", "exists");
        repeated.Headers.Append("X-Goog-Channel-ID", "ch-2");
        var oversized = Request("ch-1", new string('x', 70_000), "res-1", "exists");

        AssertProblem(StatusCodes.Status400BadRequest, await _function.Notifications(repeated, CancellationToken.None));
        AssertProblem(StatusCodes.Status400BadRequest, await _function.Notifications(oversized, CancellationToken.None));
        Assert.Empty(_store.Queued);
    }

    private static void AssertProblem(int status, IActionResult result)
    {
        var answer = Assert.IsType<ObjectResult>(result);
        Assert.Equal(status, answer.StatusCode);
        Assert.Contains("application/problem+json", answer.ContentTypes);
    }

    private List<RecordingLogs.LogLine> Warnings() => _logs.Lines.Where(l => l.Level == LogLevel.Warning).ToList();

    private static HttpRequest Request(string channelId, string token, string resourceId, string state)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = "POST";
        request.Headers["X-Goog-Channel-ID"] = channelId;
        request.Headers["X-Goog-Channel-Token"] = token;
        request.Headers["X-Goog-Resource-ID"] = resourceId;
        request.Headers["X-Goog-Resource-State"] = state;
        request.Headers["X-Goog-Message-Number"] = "2";
        return request;
    }
}
