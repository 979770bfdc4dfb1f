using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Xunit;

namespace CalendarSync.Testing;

/// <summary>A web hook on a loopback port that records the push notifications it receives.</summary>
public sealed class NotificationReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<(WebHeaderCollection Headers, long BodyLength)> _received = Channel.CreateUnbounded<(WebHeaderCollection, long)>();

    public NotificationReceiver()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Address = new Uri($"http://127.0.0.1:{port}/notifications/");
        _listener.Prefixes.Add(Address.ToString());
        _listener.Start();
        _ = Task.Run(ReceiveAsync);
    }

    public Uri Address { get; }

    /// <summary>The next notification's headers and body length; null when none comes within the wait.</summary>
    public async Task<(WebHeaderCollection Headers, long BodyLength)?> NextAsync(TimeSpan wait)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(wait);
        try
        {
            return await _received.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose() => _listener.Close();

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = new WebHeaderCollection { context.Request.Headers };
            context.Response.StatusCode = 200;
            context.Response.Close();
            await _received.Writer.WriteAsync((headers, body.Length));
        }
    }
}
