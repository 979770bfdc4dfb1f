using System.Net;
using System.Text;

namespace CalendarSync.Google.Tests.Fakes;

/// <summary>A hand-written HTTP transport: answers each request with the next scripted answer and keeps what it was sent.</summary>
internal sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _answers = new();

    public List<(HttpRequestMessage Request, string? Body)> Requests { get; } = [];

    public ScriptedHandler Then(HttpStatusCode status, string body = "{}", Action<HttpResponseMessage>? configure = null)
    {
        _answers.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            configure?.Invoke(response);
            return response;
        });
        return this;
    }

    public ScriptedHandler ThenDrop()
    {
        _answers.Enqueue(_ => throw new HttpRequestException("The connection was closed by the peer."));
        return this;
    }

    public static string GoogleError(int code, string reason, string domain = "global") =>
        $$$"""{"error":{"code":{{{code}}},"message":"{{{reason}}}","errors":[{"domain":"{{{domain}}}","reason":"{{{reason}}}","message":"{{{reason}}}"}]}}""";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await ReadBodyAsync(request.Content, cancellationToken);
        Requests.Add((request, body));
        if (!_answers.TryDequeue(out var answer))
        {
            throw new InvalidOperationException($"No scripted answer left for {request.Method} {request.RequestUri}.");
        }

        var response = answer(request);
        response.RequestMessage = request;
        return response;
    }

    // Google.Apis gzips request bodies, as Google accepts; read them as a server would.
    private static async Task<string> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var bytes = await content.ReadAsByteArrayAsync(cancellationToken);
        if (!content.Headers.ContentEncoding.Contains("gzip"))
        {
            return Encoding.UTF8.GetString(bytes);
        }

        await using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
