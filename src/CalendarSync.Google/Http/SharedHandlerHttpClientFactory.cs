using System.Net;
using Google.Apis.Http;

namespace CalendarSync.Google.Http;

/// <summary>
/// Google.Apis makes an HTTP handler per service; we make a service per staff member and sync run.
/// This factory gives every service the same pooled connection handler, so ten thousand syncs do
/// not open ten thousand connection pools.
/// </summary>
public sealed class SharedHandlerHttpClientFactory(HttpMessageHandler? shared = null) : HttpClientFactory, IDisposable
{
    private readonly HttpMessageHandler _shared = shared ?? new SocketsHttpHandler
    {
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false,
        UseCookies = false,
    };

    public void Dispose() => _shared.Dispose();

    protected override HttpMessageHandler CreateHandler(CreateHttpClientArgs args) => new SharedPoolHandler(_shared);

    /// <summary>Lets a service's client dispose its pipeline without closing the shared pool.</summary>
    private sealed class SharedPoolHandler(HttpMessageHandler shared) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _invoker = new(shared, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _invoker.SendAsync(request, cancellationToken);
    }
}
