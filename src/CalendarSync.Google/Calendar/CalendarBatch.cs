using CalendarSync.Google.Errors;
using CalendarSync.Google.Http;
using Google;
using Google.Apis.Requests;

namespace CalendarSync.Google.Calendar;

/// <summary>
/// Sends many Calendar requests as Google batches of at most <see cref="MaxPerBatch"/>, each part
/// answered on its own, in any order Google runs them. Parts that fail transiently (rate limits, 5xx) go
/// again in a later round, with the same back-off as single calls, up to <see cref="GoogleRetryOptions.MaxAttempts"/>
/// rounds. A part answered 409 <c>conflict</c> clashed with another part: it goes again at once, on its own.
/// </summary>
public sealed class CalendarBatch(CalendarService service, GoogleRetryOptions retry, TimeProvider timeProvider, Random? random = null)
{
    /// <summary>Google's advice for Calendar: no more than 50 requests in one batch.</summary>
    public const int MaxPerBatch = 50;

    private readonly Random _random = random ?? Random.Shared;

    /// <summary>HTTP round trips made so far (one per batch sent).</summary>
    public int RoundTrips { get; private set; }

    public async Task<IReadOnlyList<BatchOutcome<TResponse>>> ExecuteAsync<TResponse>(
        IReadOnlyList<ClientServiceRequest<TResponse>> requests, CancellationToken cancellationToken)
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(requests);
        var outcomes = new BatchOutcome<TResponse>[requests.Count];
        var pending = Enumerable.Range(0, requests.Count).ToList();

        for (var round = 1; pending.Count > 0; round++)
        {
            if (round > 1)
            {
                await Task.Delay(GoogleRetryHandler.Delay(round - 1, retryAfter: null, retry, _random), timeProvider, cancellationToken);
            }

            var retryable = new List<int>();
            var conflicted = new List<int>();
            foreach (var chunk in pending.Chunk(MaxPerBatch))
            {
                var batch = new BatchRequest(service, service.BatchUri);
                foreach (var index in chunk)
                {
                    batch.Queue<TResponse>(requests[index], (response, error, _, message) =>
                    {
                        if (error is null)
                        {
                            outcomes[index] = new BatchOutcome<TResponse>(response, null, null);
                            return;
                        }

                        var kind = GoogleErrorClassifier.Classify(message.StatusCode, error);
                        outcomes[index] = new BatchOutcome<TResponse>(default, kind, error.Message);
                        var again = kind switch
                        {
                            GoogleErrorKind.Transient => retryable,
                            GoogleErrorKind.Conflict => conflicted,
                            _ => null,
                        };
                        if (again is not null)
                        {
                            lock (again)
                            {
                                again.Add(index);
                            }
                        }
                    });
                }

                RoundTrips++;
                await batch.ExecuteAsync(cancellationToken);
            }

            foreach (var index in conflicted)
            {
                if (await ExecuteAloneAsync(requests[index], cancellationToken) is var outcome && outcome.Error == GoogleErrorKind.Transient)
                {
                    retryable.Add(index);
                }

                outcomes[index] = outcome;
            }

            pending = round < retry.MaxAttempts ? retryable : [];
        }

        return outcomes;
    }

    private async Task<BatchOutcome<TResponse>> ExecuteAloneAsync<TResponse>(ClientServiceRequest<TResponse> request, CancellationToken cancellationToken)
        where TResponse : class
    {
        RoundTrips++;
        try
        {
            return new BatchOutcome<TResponse>(await request.ExecuteAsync(cancellationToken), null, null);
        }
        catch (GoogleApiException ex) when (GoogleErrorClassifier.Classify(ex, cancellationToken) is { } kind && kind != GoogleErrorKind.GrantRevoked)
        {
            return new BatchOutcome<TResponse>(default, kind, ex.Error?.Message ?? ex.Message);
        }
    }
}
