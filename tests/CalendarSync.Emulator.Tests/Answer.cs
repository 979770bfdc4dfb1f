using System.Net;
using System.Text.Json.Nodes;

namespace CalendarSync.Emulator.Tests;

/// <summary>An HTTP answer with its JSON body read.</summary>
internal sealed record Answer(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Message)
{
    /// <summary>The first <c>errors[].reason</c> of Google's error body.</summary>
    public string? Reason => Body?["error"]?["errors"]?[0]?["reason"]?.GetValue<string>();

    public string? Domain => Body?["error"]?["errors"]?[0]?["domain"]?.GetValue<string>();

    public string Text(string name) => Body?[name]?.GetValue<string>() ?? throw new InvalidOperationException($"no '{name}' in {Body}");

    public JsonArray Items => Body?["items"]?.AsArray() ?? throw new InvalidOperationException($"no items in {Body}");

    public IReadOnlyList<string> ItemIds => Items.Select(item => item!["id"]!.GetValue<string>()).ToList();
}
