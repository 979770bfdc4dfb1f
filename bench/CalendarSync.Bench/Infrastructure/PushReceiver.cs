using CalendarSync.Core.Connections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CalendarSync.Bench.Infrastructure;

/// <summary>
/// The notifications function's address for the emulator's push channels, on Kestrel at a loopback port: each POST
/// becomes a <see cref="PushNotification"/> handed to <see cref="PushNotificationService"/>, as the function does.
/// </summary>
internal sealed class PushReceiver : IAsyncDisposable
{
    private const string Route = "/api/calendar/notifications";
    private readonly WebApplication _app;
    private PushNotificationService? _service;

    private PushReceiver(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<PushReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        PushReceiver? receiver = null;
        app.MapPost(Route, async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            if (receiver?._service is not { } service)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            var headers = request.Headers;
            await service.HandleAsync(
                new PushNotification(headers["X-Goog-Channel-ID"], headers["X-Goog-Channel-Token"], headers["X-Goog-Resource-ID"], headers["X-Goog-Resource-State"]),
                cancellationToken);
            return Results.Ok();
        });
        await app.StartAsync();
        receiver = new PushReceiver(app, new Uri(new Uri(app.Urls.First()), Route));
        return receiver;
    }

    /// <summary>From now on, notifications go to <paramref name="service"/> (until then they are refused with 503).</summary>
    public void DeliverTo(PushNotificationService service) => _service = service;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
