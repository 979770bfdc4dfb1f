using System.Net;
using System.Text.Json;
using CalendarSync.Google.Errors;
using Google.Apis.Http;

namespace CalendarSync.Google.Http;

/// <summary>
/// Our one retry layer for Google calls, plugged into Google.Apis' own message handler, whose
/// exponential back-off is switched off (<see cref="CalendarServiceFactory"/>), so the two never
/// multiply. Retries rate limits, 5xx, timeouts and dropped connections with exponential back-off
/// and jitter, honouring <c>Retry-After</c>, up to <see cref="GoogleRetryOptions.MaxAttempts"/> tries.
/// </summary>
public sealed class GoogleRetryHandler(GoogleRetryOptions options, TimeProvider timeProvider, Random? random = null)
    : IHttpUnsuccessfulResponseHandler, IHttpExceptionHandler
{
    private readonly Random _random = random ?? Random.Shared;
    private int _retries;

    /// <summary>How many retries this handler has made; for logs and tests.</summary>
    public int Retries => _retries;

    public async Task<bool> HandleResponseAsync(HandleUnsuccessfulResponseArgs args)
    {
        if (!args.SupportsRetry || args.CurrentFailedTry >= options.MaxAttempts || !await IsRetriableAsync(args.Response))
        {
            return false;
        }

        await WaitAsync(args.CurrentFailedTry, RetryAfter(args.Response, timeProvider.GetUtcNow()), args.CancellationToken);
        return true;
    }

    public async Task<bool> HandleExceptionAsync(HandleExceptionArgs args)
    {
        var transient = args.Exception is HttpRequestException or IOException or TimeoutException
            || (args.Exception is OperationCanceledException && !args.CancellationToken.IsCancellationRequested);
        if (!args.SupportsRetry || !transient || args.CurrentFailedTry >= options.MaxAttempts)
        {
            return false;
        }

        await WaitAsync(args.CurrentFailedTry, retryAfter: null, args.CancellationToken);
        return true;
    }

    /// <summary>The wait before try <paramref name="failedTry"/> + 1: Retry-After if given, else exponential with jitter; capped.</summary>
    public static TimeSpan Delay(int failedTry, TimeSpan? retryAfter, GoogleRetryOptions options, Random random)
    {
        if (retryAfter is { } asked)
        {
            return asked < TimeSpan.Zero ? TimeSpan.Zero : Min(asked, options.MaxDelay);
        }

        var exponential = options.BaseDelay * Math.Pow(2, Math.Max(0, failedTry - 1));
        var capped = Min(exponential, options.MaxDelay);

        // Jitter between half and all of the back-off, so many workers hit by one limit spread out.
        return capped * (0.5 + (random.NextDouble() * 0.5));
    }

    private async Task WaitAsync(int failedTry, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _retries);
        var delay = Delay(failedTry, retryAfter, options, _random);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, timeProvider, cancellationToken);
        }
    }

    private static async Task<bool> IsRetriableAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is 408 or 429 or >= 500)
        {
            return true;
        }

        if (response.StatusCode != HttpStatusCode.Forbidden)
        {
            return false;
        }

        // Google says "rate limit" with a 403 and a reason in the body. Buffer it so that
        // Google.Apis can still read the error when we do not retry.
        await response.Content.LoadIntoBufferAsync();
        var body = await response.Content.ReadAsStringAsync();
        return GoogleErrorClassifier.IsRateLimit(response.StatusCode, Reasons(body));
    }

    private static string?[] Reasons(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("errors", out var errors)
                && errors.ValueKind == JsonValueKind.Array)
            {
                return errors.EnumerateArray()
                    .Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("reason", out var reason) ? reason.GetString() : null)
                    .ToArray();
            }
        }
        catch (JsonException)
        {
        }

        return [];
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - now,
        _ => null,
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
