using System.Text.Json.Nodes;

namespace CalendarSync.Emulator.Google;

/// <summary>One answer of the Calendar API, written either to the HTTP response or into a batch part.</summary>
internal sealed record ApiResponse(int StatusCode, JsonNode? Body, IReadOnlyList<KeyValuePair<string, string>>? Headers = null)
{
    public static ApiResponse Ok(JsonNode body) => new(200, body);

    public static ApiResponse NoContent { get; } = new(204, null);
}
