using System.Net;
using CalendarSync.Google.Calendar.Data;
using CalendarSync.Google.Errors;
using CalendarSync.Google.Http;
using CalendarSync.Google.Tests.Fakes;
using Google;

namespace CalendarSync.Google.Tests.Http;

public sealed class GoogleRetryHandlerTests
{
    private static readonly GoogleRetryOptions FastRetries = new()
    {
        MaxAttempts = 4,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(5),
    };

    [Theory]
    [InlineData(503)]
    [InlineData(500)]
    [InlineData(429)]
    public async Task Get_TransientTwiceThenOk_SucceedsOnThirdTry(int status)
    {
        var transport = new ScriptedHandler()
            .Then((HttpStatusCode)status, ScriptedHandler.GoogleError(status, "backendError"))
            .Then((HttpStatusCode)status, ScriptedHandler.GoogleError(status, "backendError"))
            .Then(HttpStatusCode.OK, """{"kind":"calendar#event","id":"abcde"}""");

        var (service, retry) = Create(transport);
        var read = await service.Events.Get("a@example.com", "abcde").ExecuteAsync(TestContext.Current.CancellationToken);

        Assert.Equal("abcde", read.Id);
        Assert.Equal(3, transport.Requests.Count);
        Assert.Equal(2, retry.Retries);
    }

    [Fact]
    public async Task Get_403RateLimitExceeded_IsRetried()
    {
        var transport = new ScriptedHandler()
            .Then(HttpStatusCode.Forbidden, ScriptedHandler.GoogleError(403, "rateLimitExceeded", "usageLimits"))
            .Then(HttpStatusCode.OK, """{"id":"abcde"}""");

        var (service, _) = Create(transport);
        await service.Events.Get("a@example.com", "abcde").ExecuteAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, transport.Requests.Count);
    }

    [Fact]
    public async Task Get_403Forbidden_IsNotRetriedAndIsNotWritable()
    {
        var transport = new ScriptedHandler()
            .Then(HttpStatusCode.Forbidden, ScriptedHandler.GoogleError(403, "forbidden"));

        var (service, retry) = Create(transport);
        var failure = await Assert.ThrowsAsync<GoogleApiException>(
            () => service.Events.Get("a@example.com", "abcde").ExecuteAsync(TestContext.Current.CancellationToken));

        Assert.Single(transport.Requests);
        Assert.Equal(0, retry.Retries);
        Assert.Equal(GoogleErrorKind.NotWritable, GoogleErrorClassifier.Classify(failure, TestContext.Current.CancellationToken));
        Assert.Equal("forbidden", failure.Error.Errors[0].Reason);
    }

    [Fact]
    public async Task Get_503Forever_TriesExactlyMaxAttemptsThenTransient()
    {
        var transport = new ScriptedHandler();
        for (var i = 0; i < 10; i++)
        {
            transport.Then(HttpStatusCode.ServiceUnavailable, ScriptedHandler.GoogleError(503, "backendError"));
        }

        var (service, _) = Create(transport);
        var failure = await Assert.ThrowsAsync<GoogleApiException>(
            () => service.Events.Get("a@example.com", "abcde").ExecuteAsync(TestContext.Current.CancellationToken));

        // Google.Apis' own back-off is off: our bound is the only one, nothing multiplies it.
        Assert.Equal(FastRetries.MaxAttempts, transport.Requests.Count);
        Assert.Equal(GoogleErrorKind.Transient, GoogleErrorClassifier.Classify(failure, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Insert_DroppedConnectionThenOk_IsRetriedWithTheSameBody()
    {
        var transport = new ScriptedHandler()
            .ThenDrop()
            .Then(HttpStatusCode.OK, """{"id":"abcde"}""");

        var (service, _) = Create(transport);
        await service.Events.Insert(new Event { Id = "abcde", Summary = "Lunch" }, "a@example.com")
            .ExecuteAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, transport.Requests.Count);
        Assert.Equal(transport.Requests[0].Body, transport.Requests[1].Body);
    }

    [Fact]
    public async Task Get_404_IsNotRetried()
    {
        var transport = new ScriptedHandler().Then(HttpStatusCode.NotFound, ScriptedHandler.GoogleError(404, "notFound"));

        var (service, _) = Create(transport);
        await Assert.ThrowsAsync<GoogleApiException>(
            () => service.Events.Get("a@example.com", "abcde").ExecuteAsync(TestContext.Current.CancellationToken));

        Assert.Single(transport.Requests);
    }

    [Fact]
    public void Delay_WithRetryAfter_HonoursItUpToTheCap()
    {
        var options = new GoogleRetryOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(30) };

        Assert.Equal(TimeSpan.FromSeconds(7), GoogleRetryHandler.Delay(1, TimeSpan.FromSeconds(7), options, new Random(1)));
        Assert.Equal(TimeSpan.FromSeconds(30), GoogleRetryHandler.Delay(1, TimeSpan.FromMinutes(10), options, new Random(1)));
    }

    [Theory]
    [InlineData(1, 0.5, 1)]
    [InlineData(2, 1, 2)]
    [InlineData(3, 2, 4)]
    [InlineData(10, 15, 30)]
    public void Delay_WithoutRetryAfter_GrowsExponentiallyWithJitterAndCap(int failedTry, double minSeconds, double maxSeconds)
    {
        var options = new GoogleRetryOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(30) };
        var random = new Random(42);

        for (var i = 0; i < 100; i++)
        {
            var delay = GoogleRetryHandler.Delay(failedTry, retryAfter: null, options, random);
            Assert.InRange(delay.TotalSeconds, minSeconds, maxSeconds);
        }
    }

    private static (CalendarSync.Google.Calendar.CalendarService Service, GoogleRetryHandler Retry) Create(ScriptedHandler transport)
    {
        var options = new GoogleOptions { ApiRootUri = new Uri("http://google.test/"), Retry = FastRetries };
        var factory = new CalendarServiceFactory(options, TimeProvider.System, transport);
        var retry = new GoogleRetryHandler(FastRetries, TimeProvider.System);
        return (factory.Create(new StaticBearer("test-access-token"), retry), retry);
    }
}
