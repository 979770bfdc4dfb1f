using System.Net;
using System.Net.Sockets;
using CalendarSync.Core.Connections;

namespace CalendarSync.Bench.Infrastructure;

/// <summary>
/// The notifications function's address for the emulator's push channels: each POST becomes a <see cref="PushNotification"/>
/// handed to <see cref="PushNotificationService"/>, as the function does, and is answered 200.
/// </summary>
internal sealed class PushReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private PushNotificationService? _service;

    public PushReceiver()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Address = new Uri($"http://127.0.0.1:{port}/api/calendar/notifications/");
        _listener.Prefixes.Add(Address.AbsoluteUri);
    }

    public Uri Address { get; }

    public void Start(PushNotificationService service)
    {
        _service = service;
        _listener.Start();
        _ = Task.Run(ReceiveAsync);
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

            var headers = context.Request.Headers;
            var notification = new PushNotification(
                headers["X-Goog-Channel-ID"], headers["X-Goog-Channel-Token"], headers["X-Goog-Resource-ID"], headers["X-Goog-Resource-State"]);
            await _service!.HandleAsync(notification, CancellationToken.None);
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
