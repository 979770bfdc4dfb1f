using Google.Apis.Http;

namespace CalendarSync.Google.Tests.Fakes;

/// <summary>A credential that always sends one fixed access token, for tests that are not about OAuth.</summary>
internal sealed class StaticBearer(string accessToken) : IConfigurableHttpClientInitializer, IHttpExecuteInterceptor
{
    public void Initialize(ConfigurableHttpClient httpClient) => httpClient.MessageHandler.AddExecuteInterceptor(this);

    public Task InterceptAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return Task.CompletedTask;
    }
}
