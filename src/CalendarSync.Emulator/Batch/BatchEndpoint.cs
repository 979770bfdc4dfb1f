using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CalendarSync.Emulator.Admin;
using CalendarSync.Emulator.Calendar;
using CalendarSync.Emulator.Google;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace CalendarSync.Emulator.Batch;

/// <summary>
/// <c>POST /batch/calendar/v3</c>: a multipart/mixed body of <c>application/http</c> parts, each one Calendar
/// call. Each part is answered on its own (its own status, faults included) in a multipart/mixed answer,
/// with <c>Content-ID: &lt;response-…&gt;</c> pointing back at the part it answers, as Google does.
/// </summary>
public static class BatchEndpoint
{
    public const string Path = "/batch/calendar/v3";

    // Google's limit of calls per batch request.
    private const int MaxParts = 1000;

    public static void MapBatch(this IEndpointRouteBuilder app) => app.MapPost(Path, HandleAsync);

    private static async Task HandleAsync(HttpContext context, CalendarApi api, FaultRegistry faults)
    {
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
            !contentType.MediaType.Equals("multipart/mixed", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            await GoogleHttp.WriteAsync(context.Response, GoogleError.BadRequest("Failed to parse batch request, error: missing boundary."), context.RequestAborted);
            return;
        }

        var reader = new MultipartReader(boundary, request.Body);
        var parts = new List<(string? ContentId, string Method, string Path, ApiRequest? Request)>();
        while (await reader.ReadNextSectionAsync(context.RequestAborted) is { } section)
        {
            if (parts.Count == MaxParts)
            {
                await GoogleHttp.WriteAsync(context.Response, GoogleError.BadRequest($"A batch request cannot contain more than {MaxParts} requests."), context.RequestAborted);
                return;
            }

            using var content = new MemoryStream();
            await section.Body.CopyToAsync(content, context.RequestAborted);
            var contentId = section.Headers?.TryGetValue("Content-ID", out var id) == true ? id.ToString() : null;
            var apiRequest = ParsePart(content.ToArray(), request, out var method, out var path);
            parts.Add((contentId, method, path, apiRequest));
        }

        // Google runs a batch's parts in any order; so does the emulator, so no client can come to rely on one.
        // The answer still lists the parts in the order they were asked.
        var answers = new ApiResponse[parts.Count];
        var order = Enumerable.Range(0, parts.Count).ToArray();
#pragma warning disable CA5394 // Test doubles decide by chance on purpose; nothing here needs unpredictability.
        Random.Shared.Shuffle(order);
#pragma warning restore CA5394
        foreach (var index in order)
        {
            var (_, method, path, apiRequest) = parts[index];
            if (apiRequest is null)
            {
                answers[index] = GoogleError.BadRequest("Failed to parse batch request part.");
                continue;
            }

            if (faults.Strike(method, path) is { } fault)
            {
                if (fault.Kind == FaultKind.DropConnection)
                {
                    context.Abort();
                    return;
                }

                if (FaultRegistry.ErrorAnswer(fault.Kind) is { } faultAnswer)
                {
                    answers[index] = faultAnswer;
                    continue;
                }

                apiRequest = apiRequest with { Struck = fault.Kind };
                await Task.Delay(fault.Latency, context.RequestAborted);
            }

            answers[index] = path.StartsWith(GoogleHttp.CalendarPrefix, StringComparison.Ordinal)
                ? api.Handle(apiRequest)
                : GoogleError.NotFound();
        }

        var responseBoundary = "batch_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        context.Response.ContentType = $"multipart/mixed; boundary={responseBoundary}";
        await context.Response.WriteAsync(Compose(parts.Select((part, i) => (part.ContentId, answers[i])).ToList(), responseBoundary), context.RequestAborted);
    }

    /// <summary>Reads one part: a request line (absolute or relative URL), headers, a blank line and a body.</summary>
    private static ApiRequest? ParsePart(byte[] content, HttpRequest outer, out string method, out string path)
    {
        method = path = string.Empty;
        var text = Encoding.UTF8.GetString(content);
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var separatorLength = 4;
        if (headerEnd < 0)
        {
            headerEnd = text.IndexOf("\n\n", StringComparison.Ordinal);
            separatorLength = 2;
        }

        var head = headerEnd < 0 ? text : text[..headerEnd];
        var body = headerEnd < 0 ? string.Empty : text[(headerEnd + separatorLength)..];
        var lines = head.Split('\n').Select(line => line.TrimEnd('\r')).SkipWhile(string.IsNullOrWhiteSpace).ToArray();
        if (lines.Length == 0 || lines[0].Split(' ') is not [var verb, var target, ..])
        {
            return null;
        }

        // A relative target stays one: on Unix "/calendar/…" would parse as an absolute file URI, its query folded into the path.
        var pathAndQuery = !target.StartsWith('/') && Uri.TryCreate(target, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : target;
        var queryStart = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        method = verb.ToUpperInvariant();
        path = queryStart < 0 ? pathAndQuery : pathAndQuery[..queryStart];
        var query = queryStart < 0 ? new QueryCollection() : new QueryCollection(QueryHelpers.ParseQuery(pathAndQuery[queryStart..]));

        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0].Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.Last()[1].Trim(), StringComparer.OrdinalIgnoreCase);

        // A part without its own Authorization uses the batch request's, as at Google.
        var authorization = headers.GetValueOrDefault("Authorization") ?? outer.Headers.Authorization.ToString();
        var apiPath = path.StartsWith(GoogleHttp.CalendarPrefix, StringComparison.Ordinal) ? path[GoogleHttp.CalendarPrefix.Length..] : path;
        return new ApiRequest(
            method,
            apiPath,
            query,
            authorization,
            headers.GetValueOrDefault("If-Match"),
            headers.GetValueOrDefault("If-None-Match"),
            Encoding.UTF8.GetBytes(body.TrimEnd('\r', '\n')),
            GoogleHttp.Origin(outer),
            InBatch: true);
    }

    private static string Compose(List<(string? ContentId, ApiResponse Answer)> answers, string boundary)
    {
        var text = new StringBuilder();
        foreach (var (contentId, answer) in answers)
        {
            text.Append(CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Type: application/http\r\n");
            if (contentId is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"Content-ID: <response-{contentId.Trim('<', '>')}>\r\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"\r\nHTTP/1.1 {answer.StatusCode} {ReasonPhrases.GetReasonPhrase(answer.StatusCode)}\r\n");
            foreach (var (name, value) in answer.Headers ?? [])
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
            }

            var json = answer.Body?.ToJsonString(GoogleHttp.Json);
            if (json is not null)
            {
                text.Append("Content-Type: application/json; charset=UTF-8\r\n")
                    .Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n")
                    .Append(json).Append("\r\n");
            }
            else
            {
                text.Append("Content-Length: 0\r\n\r\n\r\n");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"--{boundary}--\r\n");
        return text.ToString();
    }
}
