using CalendarSync.Google.Calendar;
using CalendarSync.Google.Http;
using Google.Apis.Http;
using Google.Apis.Services;

namespace CalendarSync.Google;

/// <summary>
/// Makes a <see cref="CalendarService"/> for one staff member's credential: Google's endpoints or
/// the emulator's, one shared connection pool, and <see cref="GoogleRetryHandler"/> as the only
/// retry layer (Google.Apis' own back-off is off, so the two never multiply). <see cref="GoogleOptions.RequestTimeout"/>
/// bounds each try; the client's timeout bounds every try and back-off of one call together.
/// </summary>
/// <param name="options">Google endpoints, timeout and retry bounds.</param>
/// <param name="timeProvider">The clock retries wait on.</param>
/// <param name="transport">The connection handler every service shares; a pooled socket handler unless given.</param>
public sealed class CalendarServiceFactory(GoogleOptions options, TimeProvider timeProvider, HttpMessageHandler? transport = null) : IDisposable
{
    private readonly SharedHandlerHttpClientFactory _httpClients = new(transport, options.RequestTimeout);

    public CalendarService Create(IConfigurableHttpClientInitializer credential, GoogleRetryHandler? retry = null)
    {
        retry ??= new GoogleRetryHandler(options.Retry, timeProvider);
        return new CalendarService(new BaseClientService.Initializer
        {
            BaseUri = options.ApiRootUri.AbsoluteUri,
            ApplicationName = "CalendarSync",
            HttpClientFactory = _httpClients,
            HttpClientInitializer = new RetryingInitializer(credential, retry, options.Retry.MaxAttempts),
            DefaultExponentialBackOffPolicy = ExponentialBackOffPolicy.None,
            HttpClientTimeout = AllTries(options),
            GZipEnabled = true,
        });
    }

    public void Dispose() => _httpClients.Dispose();

    /// <summary>Every try timed out, and the longest back-off before each retry: no call may take longer.</summary>
    private static TimeSpan AllTries(GoogleOptions options) =>
        (options.RequestTimeout * (options.Retry.MaxAttempts + 1)) + (options.Retry.MaxDelay * options.Retry.MaxAttempts);

    private sealed class RetryingInitializer(IConfigurableHttpClientInitializer credential, GoogleRetryHandler retry, int maxAttempts)
        : IConfigurableHttpClientInitializer
    {
        public void Initialize(ConfigurableHttpClient httpClient)
        {
            credential.Initialize(httpClient);
            httpClient.MessageHandler.AddUnsuccessfulResponseHandler(retry);
            httpClient.MessageHandler.AddExceptionHandler(retry);

            // One more try than our retries allow, for the credential's refresh-and-retry on a 401.
            httpClient.MessageHandler.NumTries = maxAttempts + 1;
        }
    }
}
