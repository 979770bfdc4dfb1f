using System.Net;
using Google.Apis.Http;

namespace CalendarSync.Google.Http;

/// <summary>
/// Google.Apis makes an HTTP handler per service; we make a service per staff member and sync run.
/// This factory gives every service the same pooled connection handler, so ten thousand syncs do
/// not open ten thousand connection pools. Each try of a request gets <paramref name="tryTimeout"/>
/// of its own: Google.Apis retries inside the client, so the client's own timeout bounds all tries
/// together, and a try that hangs must end as a <see cref="TimeoutException"/> the retry handler can retry.
/// </summary>
public sealed class SharedHandlerHttpClientFactory(HttpMessageHandler? shared = null, TimeSpan? tryTimeout = null) : HttpClientFactory, IDisposable
{
    private readonly HttpMessageHandler _shared = shared ?? new SocketsHttpHandler
    {
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false,
        UseCookies = false,
    };

    public void Dispose() => _shared.Dispose();

    protected override HttpMessageHandler CreateHandler(CreateHttpClientArgs args) =>
        new SharedPoolHandler(_shared, tryTimeout ?? Timeout.InfiniteTimeSpan);

    /// <summary>Lets a service's client dispose its pipeline without closing the shared pool; gives each try its timeout.</summary>
    private sealed class SharedPoolHandler(HttpMessageHandler shared, TimeSpan tryTimeout) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _invoker = new(shared, disposeHandler: false);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var thisTry = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            thisTry.CancelAfter(tryTimeout);
            try
            {
                return await _invoker.SendAsync(request, thisTry.Token);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && thisTry.IsCancellationRequested)
            {
                throw new TimeoutException($"Google did not answer {request.Method} {request.RequestUri?.AbsolutePath} within {tryTimeout}.", ex);
            }
        }
    }
}
