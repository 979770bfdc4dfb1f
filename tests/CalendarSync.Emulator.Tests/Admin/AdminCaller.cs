using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CalendarSync.Emulator.Tests.Admin;

/// <summary>Calls the emulator's admin paths.</summary>
internal static class AdminCaller
{
    public static async Task<Answer> PostAsync(Uri baseUri, string path, object? body = null)
    {
        using var http = new HttpClient { BaseAddress = baseUri };
        var response = await http.PostAsJsonAsync(path, body ?? new { }, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new Answer(response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, response);
    }

    /// <summary>Shares a calendar with a user (role <c>none</c>: unshares).</summary>
    public static Task<Answer> ShareAsync(Uri baseUri, string calendarId, string user, string role) =>
        PostAsync(baseUri, $"emulator/calendars/{Uri.EscapeDataString(calendarId)}/share", new { user, role });

    public static Task<Answer> FaultAsync(Uri baseUri, object fault) => PostAsync(baseUri, "emulator/faults", fault);
}
