using System.Text.Encodings.Web;
using System.Text.Json;
using CalendarSync.Emulator.Admin;
using CalendarSync.Emulator.Calendar;
using Microsoft.Extensions.Options;

namespace CalendarSync.Emulator.Google;

/// <summary>The HTTP side of Google's paths: injected faults first, then the Calendar API on <c>/calendar/v3/</c>.</summary>
public static class GoogleHttp
{
    public const string CalendarPrefix = "/calendar/v3/";

    private const string StruckItem = "emulator.struck";

    /// <summary>Google writes quotes in etags and '+' in offsets as they are, not as \u escapes.</summary>
    internal static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Holds every request to Google's paths for <see cref="EmulatorOptions.Latency"/> before it is served. Once per HTTP
    /// request, unlike a <c>latency</c> fault, which strikes each batch part on its own.
    /// </summary>
    public static IApplicationBuilder UseStandingLatency(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var latency = context.RequestServices.GetRequiredService<IOptions<EmulatorOptions>>().Value.Latency;
            if (latency > TimeSpan.Zero && !context.Request.Path.StartsWithSegments("/emulator", StringComparison.OrdinalIgnoreCase))
            {
                await Task.Delay(latency, context.RequestAborted);
            }

            await next(context);
        });

    /// <summary>Lets every fault in force strike the Google paths; the admin paths are never hit.</summary>
    public static IApplicationBuilder UseFaults(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/emulator", StringComparison.OrdinalIgnoreCase))
            {
                await next(context);
                return;
            }

            var faults = context.RequestServices.GetRequiredService<FaultRegistry>();
            if (faults.Strike(context.Request.Method, context.Request.Path.Value ?? "/") is { } fault)
            {
                if (fault.Kind == FaultKind.DropConnection)
                {
                    context.Abort();
                    return;
                }

                if (FaultRegistry.ErrorAnswer(fault.Kind) is { } answer)
                {
                    await WriteAsync(context.Response, answer, context.RequestAborted);
                    return;
                }

                if (fault.Kind is FaultKind.ShortPages or FaultKind.CancelReplacedInstances)
                {
                    context.Items[StruckItem] = fault.Kind;
                }

                await Task.Delay(fault.Latency, context.RequestAborted);
            }

            await next(context);
        });

    /// <summary>An emulator bug answers as Google's own failures do, so clients take their retry path.</summary>
    public static IApplicationBuilder UseGoogleErrorPage(this IApplicationBuilder app) =>
        app.UseExceptionHandler(failed => failed.Run(context =>
            WriteAsync(context.Response, GoogleError.Create(500, "backendError", "Backend Error"), context.RequestAborted)));

    public static void MapCalendarApi(this IEndpointRouteBuilder app) =>
        app.Map(CalendarPrefix + "{**path}", async (HttpContext context, CalendarApi api) =>
        {
            var request = context.Request;
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, context.RequestAborted);
            var apiRequest = new ApiRequest(
                request.Method,
                request.Path.Value![CalendarPrefix.Length..],
                request.Query,
                request.Headers.Authorization.ToString(),
                NullIfEmpty(request.Headers.IfMatch.ToString()),
                NullIfEmpty(request.Headers.IfNoneMatch.ToString()),
                body.GetBuffer().AsMemory(0, (int)body.Length),
                Origin(request))
            {
                Struck = context.Items.TryGetValue(StruckItem, out var struck) ? (FaultKind?)struck : null,
            };
            await WriteAsync(context.Response, api.Handle(apiRequest), context.RequestAborted);
        });

    internal static string Origin(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/";

    internal static async Task WriteAsync(HttpResponse response, ApiResponse answer, CancellationToken cancellationToken)
    {
        response.StatusCode = answer.StatusCode;
        foreach (var (name, value) in answer.Headers ?? [])
        {
            response.Headers[name] = value;
        }

        if (answer.Body is null)
        {
            return;
        }

        response.ContentType = "application/json; charset=UTF-8";
        await using var writer = new Utf8JsonWriter(response.BodyWriter.AsStream(), new JsonWriterOptions { Encoder = Json.Encoder });
        answer.Body.WriteTo(writer);
        await writer.FlushAsync(cancellationToken);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
